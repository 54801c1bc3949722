// The app's side of the JavaScript glue (web/bridge.js): every call into JavaScript is here.
#pragma once
#include <string_view>

#include "announce.hpp"
#include "protocol/message.hpp"

namespace app {

// Sends a message to the training worker.
void worker_send(const dl::Message& message);

enum class FileKind { Train, Test };
// Opens the browser's file picker for train.csv or test.csv; the chosen file goes to the worker directly.
void file_pick(FileKind kind);
// Opens the browser's file picker for a model file; the chosen file comes back to model_file_open().
void model_pick();
// Makes the worker load the sample train.csv and test.csv served next to the page.
void sample_load();

// Shows `text` over the page, for when the UI itself cannot start.
void notice_show(const char* text);

// Gives the page's focus to its file controls (the first when `forward`, else the last): Tab past the panels.
void focus_leave(bool forward);

// Says what is new to a screen reader, through the page's live regions.
void live_region_say(const Announcement& a);

// Saves `data` as a download named `file_name` (a real browser download).
void download_save(std::string_view file_name, std::string_view mime_type, std::string_view data);

}  // namespace app
