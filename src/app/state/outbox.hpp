// What the state asks of the world outside it: messages for the worker, downloads, the model store, the
// browser's file pickers and the ensemble remembered for the next visit. State code never calls JavaScript:
// it puts requests here, in order, and the platform layer (platform/bridge.hpp) carries them out after
// each frame and after each call from JavaScript. Tests read them instead.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/messages.hpp"

namespace app {

struct Download {
    std::string file_name, mime_type, data;
};

// A request to the model store (IndexedDB through web/bridge.js, see model_store.hpp).
struct StoreOp {
    enum Kind { Put, ModelGet, Delete } kind;
    double id = 0;
    std::vector<uint8_t> record;  // Put: the run record's bytes
    std::string model;            // Put: the model file, empty to keep the stored one
    int purpose = 0;              // ModelGet: what the file is for (StorePurpose)
};

// What a model file asked of the store is for.
enum StorePurpose { kStoreUse = 0, kStoreDownload = 1, kStoreEnsemble = 2 };

enum class FilePick { Train, Test, Model };

struct Outbox {
    std::vector<dl::WorkerRequest> messages;  // to the worker
    std::vector<Download> downloads;
    std::vector<StoreOp> store;
    std::vector<FilePick> picks;        // the browser's file picker, for train.csv, test.csv or a model file
    bool sample_load = false;           // the worker is to load the sample train.csv and test.csv
    std::optional<std::string> ensemble_remember;  // the ensemble's members' keys for the next visit
    std::optional<bool> focus_leave;    // the page's focus goes to its first file control (true) or its last
};

}  // namespace app
