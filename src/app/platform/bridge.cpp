// JavaScript calls, in both directions. The JavaScript side is web/bridge.js (window.digitlabBridge), which
// owns the Worker, the file inputs and file drops, the model store (IndexedDB) and localStorage;
// bytes cross as ArrayBuffers (transferred), files the user opens as bytes copied into the app's heap.
#include "bridge.hpp"

#include <emscripten.h>

#include <cstdint>
#include <string>
#include <utility>

#include "redraw.hpp"
#include "state/default_model.hpp"
#include "state/message_receive.hpp"
#include "state/model_open.hpp"
#include "state/model_store.hpp"

namespace app {

namespace {

// [SECTION] App -> JavaScript

// HEAPU8.slice copies into a fresh (non-shared) ArrayBuffer, which can be transferred.
EM_JS(void, js_worker_post, (const uint8_t* data, size_t size), {
    const bytes = HEAPU8.slice(data, data + size);
    digitlabBridge.workerPost(bytes.buffer);
});

EM_JS(void, js_file_pick, (int kind), { digitlabBridge.filePick(['train', 'test', 'model'][kind]); });

EM_JS(void, js_sample_load, (), { digitlabBridge.sampleLoad(); });

EM_JS(void, js_notice_show, (const char* text), { digitlabBridge.noticeShow(UTF8ToString(text)); });

EM_JS(void, js_focus_leave, (int forward), { digitlabBridge.focusLeave(!!forward); });

EM_JS(void, js_announce, (const char* text, int assertive), { digitlabBridge.announce(UTF8ToString(text), !!assertive); });

EM_JS(void, js_download_save, (const char* name, size_t name_size, const char* mime, size_t mime_size,
                               const uint8_t* data, size_t size), {
    const text = (p, n) => new TextDecoder().decode(HEAPU8.slice(p, p + n));
    const blob = new Blob([HEAPU8.slice(data, data + size)], { type: text(mime, mime_size) });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = text(name, name_size);
    document.body.appendChild(link);
    link.click();
    link.remove();
    // The download has its own reference to the blob once started; revoke later to free the memory.
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
});

// The model store (the [SECTION] Model store of web/bridge.js, which copies the bytes before returning).
EM_JS(void, js_store_put, (double id, const uint8_t* record, size_t record_size, const uint8_t* model,
                           size_t model_size), {
    digitlabBridge.storePut(id, HEAPU8.slice(record, record + record_size),
                            model ? HEAPU8.slice(model, model + model_size) : null);
});

EM_JS(void, js_store_model_get, (double id, int purpose), { digitlabBridge.storeModelGet(id, purpose); });

EM_JS(void, js_store_delete, (double id), { digitlabBridge.storeDelete(id); });

// The ensemble in use, for the next visit (see ensemble_use.hpp).
EM_JS(void, js_ensemble_remember, (const char* ids), {
    try { localStorage.setItem('digitlab.ensemble', UTF8ToString(ids)); } catch (e) {}  // storage off: not kept
});

EM_JS(void, js_ensemble_recalled, (char* out, int size), {
    let ids = "";
    try { ids = localStorage.getItem('digitlab.ensemble') || ""; } catch (e) {}
    stringToUTF8(ids, out, size);
});

void store_run(const StoreOp& op) {
    switch (op.kind) {
        case StoreOp::Put:
            // No model (null): the stored one is kept; an empty model file would replace it.
            js_store_put(op.id, op.record.data(), op.record.size(),
                         op.model.empty() ? nullptr : (const uint8_t*)op.model.data(), op.model.size());
            break;
        case StoreOp::ModelGet: js_store_model_get(op.id, op.purpose); break;
        case StoreOp::Delete: js_store_delete(op.id); break;
    }
}

// One event from JavaScript: `apply` changes the state, the page draws the change, and what it queued leaves.
template <class Apply>
void event_apply(Apply&& apply) {
    AppState& s = app_state();
    redraw_request(s);
    apply(s);
    outbox_drain(s);
}

std::string ensemble_recalled() {
    char text[4096];  // room for hundreds of keys (13 digits each)
    js_ensemble_recalled(text, sizeof text);
    return text;
}

}  // namespace

void outbox_drain(AppState& s) {
    Outbox out = std::exchange(s.outbox, Outbox{});
    for (const dl::WorkerRequest& m : out.messages) {
        const std::vector<uint8_t> bytes = dl::message_bytes_write(m);
        js_worker_post(bytes.data(), bytes.size());
    }
    for (const Download& d : out.downloads)
        js_download_save(d.file_name.data(), d.file_name.size(), d.mime_type.data(), d.mime_type.size(),
                         (const uint8_t*)d.data.data(), d.data.size());
    for (const StoreOp& op : out.store) store_run(op);
    for (const FilePick kind : out.picks) js_file_pick(int(kind));
    if (out.sample_load) js_sample_load();
    if (out.ensemble_remember) js_ensemble_remember(out.ensemble_remember->c_str());
    if (out.focus_leave) js_focus_leave(*out.focus_leave);
}

void messages_apply(AppState& s, const std::vector<dl::WorkerReport>& reports) {
    for (const dl::WorkerReport& r : reports) message_receive(s, r);
}

void notice_show(const char* text) { js_notice_show(text); }

void live_region_say(const Announcement& a) {
    if (!a.polite.empty()) js_announce(a.polite.c_str(), false);
    if (a.error_changed) js_announce(a.error.c_str(), true);
}

}  // namespace app

// [SECTION] JavaScript -> app

extern "C" {

// An encoded dl::WorkerReport from the worker (bridge.js copies it into the heap and frees it afterwards).
EMSCRIPTEN_KEEPALIVE void app_on_message(const uint8_t* data, size_t size) {
    app::AppState& s = app::app_state();
    dl::WorkerReport report;
    if (!dl::message_bytes_read(data, size, report)) {
        app::redraw_request(s);
        return app::error_set(s, "worker", "Internal error: a message from the worker could not be read.");
    }
    if (std::holds_alternative<dl::ProgressMessage>(report)) {
        app::messages_apply(s, app::redraw_progress(s, std::move(report)));
    } else {
        app::messages_apply(s, app::redraw_progress_release(s));  // the reports before this message, in order
        app::redraw_request(s);
        app::message_receive(s, report);
    }
    app::outbox_drain(s);
}

// A model file the user opened or dropped (bridge.js read it in the page): `name` is its file name.
EMSCRIPTEN_KEEPALIVE void app_on_model_file(const char* name, size_t name_size, const uint8_t* data, size_t size) {
    app::event_apply([&](app::AppState& s) {
        app::model_file_open(s, std::string(name, name_size), std::string_view((const char*)data, size));
    });
}

// The worker died (for example out of memory) and bridge.js started a new one; `text` says what happened.
EMSCRIPTEN_KEEPALIVE void app_on_worker_lost(const char* text, size_t size) {
    app::event_apply([&](app::AppState& s) {
        app::messages_apply(s, app::redraw_progress_release(s));  // the lost worker's last reports, then the loss
        app::worker_lost(s, std::string(text, size));
    });
}

// Why the page runs the single-thread builds ('' where it runs threads), for the status bar.
EMSCRIPTEN_KEEPALIVE void app_on_run_mode(const char* why, size_t size) {
    app::event_apply([&](app::AppState& s) { s.run_mode_why.assign(why, size); });
}

// Called once the fetch of default-model.dlm is over: the file's bytes, or an empty file and `problem` (for
// example "HTTP 404 Not Found").
EMSCRIPTEN_KEEPALIVE void app_on_default_model(const uint8_t* data, size_t size, const char* problem,
                                               size_t problem_size) {
    app::event_apply([&](app::AppState& s) {
        app::default_model_receive(s, std::string_view((const char*)data, size), std::string(problem, problem_size));
    });
}

// [SECTION] Store -> app (see state/model_store.hpp)

EMSCRIPTEN_KEEPALIVE void app_on_stored(double id, const uint8_t* data, size_t size) {
    app::event_apply([&](app::AppState& s) { app::store_record_listed(s, id, data, size); });
}

EMSCRIPTEN_KEEPALIVE void app_on_store_listed() {
    app::event_apply([](app::AppState& s) { app::store_listed(s, app::ensemble_recalled()); });
}

EMSCRIPTEN_KEEPALIVE void app_on_stored_model(double id, int purpose, const uint8_t* data, size_t size) {
    app::event_apply([&](app::AppState& s) {
        app::store_model_arrived(s, id, purpose, std::string_view((const char*)data, size));
    });
}

EMSCRIPTEN_KEEPALIVE void app_on_store_changed(double id, const uint8_t* data, size_t size) {
    app::event_apply([&](app::AppState& s) { app::store_record_changed(s, id, data, size); });
}

EMSCRIPTEN_KEEPALIVE void app_on_store_error(const char* text, size_t size) {
    app::event_apply([&](app::AppState& s) { app::store_failed(s, std::string(text, size)); });
}

}  // extern "C"
