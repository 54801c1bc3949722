// JavaScript calls, in both directions. The JavaScript side is web/bridge.js (window.digitlabBridge), which
// owns the Worker, the file inputs and file drops; bytes cross as ArrayBuffers (transferred), model
// files the user opens as bytes copied into the app's heap.
#include "worker_bridge.hpp"

#include <emscripten.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "app_state.hpp"
#include "message_receive.hpp"
#include "model_open.hpp"
#include "redraw.hpp"

namespace app {

// [SECTION] App -> JavaScript

// HEAPU8.slice copies into a fresh (non-shared) ArrayBuffer, which can be transferred.
EM_JS(void, js_worker_post, (const uint8_t* data, size_t size), {
    const bytes = HEAPU8.slice(data, data + size);
    digitlabBridge.workerPost(bytes.buffer);
});

EM_JS(void, js_file_pick, (int test), { digitlabBridge.filePick(test ? 'test' : 'train'); });

EM_JS(void, js_model_pick, (), { digitlabBridge.filePick('model'); });

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

void worker_send(const dl::Message& message) {
    const std::vector<uint8_t> bytes = dl::message_encode(message);
    js_worker_post(bytes.data(), bytes.size());
}

void file_pick(FileKind kind) { js_file_pick(kind == FileKind::Test); }

void model_pick() { js_model_pick(); }

void sample_load() { js_sample_load(); }

void notice_show(const char* text) { js_notice_show(text); }

void focus_leave(bool forward) { js_focus_leave(forward); }

void live_region_say(const Announcement& a) {
    if (!a.polite.empty()) js_announce(a.polite.c_str(), false);
    if (a.error_changed) js_announce(a.error.c_str(), true);
}

void download_save(std::string_view file_name, std::string_view mime_type, std::string_view data) {
    js_download_save(file_name.data(), file_name.size(), mime_type.data(), mime_type.size(),
                     (const uint8_t*)data.data(), data.size());
}

}  // namespace app

// [SECTION] JavaScript -> app

extern "C" {

// An encoded dl::Message from the worker (bridge.js copies it into the heap and frees it afterwards).
EMSCRIPTEN_KEEPALIVE void app_on_message(const uint8_t* data, size_t size) {
    app::AppState& s = app::app_state();
    dl::Message m;
    if (!dl::message_decode(data, size, m)) {
        app::redraw_request(s);
        return app::error_set(s, "worker", "Internal error: a message from the worker could not be read.");
    }
    if (m.type == "progress") {
        app::redraw_progress(s, std::move(m));
        return;
    }
    app::redraw_progress_release(s);  // the reports before this message, in order
    app::redraw_request(s);
    app::message_receive(s, m);
}

// A model file the user opened or dropped (bridge.js read it in the page): `name` is its file name.
EMSCRIPTEN_KEEPALIVE void app_on_model_file(const char* name, size_t name_size, const uint8_t* data, size_t size) {
    app::redraw_request(app::app_state());
    app::model_file_open(app::app_state(), std::string(name, name_size),
                         std::string_view((const char*)data, size));
}

// The worker died (for example out of memory) and bridge.js started a new one; `text` says what happened.
EMSCRIPTEN_KEEPALIVE void app_on_worker_lost(const char* text, size_t size) {
    app::redraw_progress_release(app::app_state());  // the lost worker's last reports, then what replaces them
    app::redraw_request(app::app_state());
    app::worker_lost(app::app_state(), std::string(text, size));
}

// Why the page runs the single-thread builds ('' where it runs threads), for the status bar.
EMSCRIPTEN_KEEPALIVE void app_on_run_mode(const char* why, size_t size) {
    app::redraw_request(app::app_state());
    app::app_state().run_mode_why.assign(why, size);
}

}  // extern "C"
