// The page's entry point: an SDL2 window on the canvas with a WebGL2 context, Dear ImGui on top. Every
// animation frame polls the events; the UI is laid out only when something may have changed (redraw.hpp),
// and sent to WebGL only where its draw lists did (frame_change.hpp). The canvas fills the browser window
// (CSS in index.html); SDL follows its size and, with SDL_WINDOW_ALLOW_HIGHDPI, gives it a backing store of
// devicePixelRatio x its CSS size (also when the ratio changes: zoom, another screen). ImGui works in CSS
// pixels and renders at device resolution (DisplayFramebufferScale).
#include <GLES3/gl3.h>
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <cstdio>

#include "bridge.hpp"
#include "frame_change.hpp"
#include "input_events.hpp"
#include "redraw.hpp"
#include "state/actions.hpp"
#include "state/announce.hpp"
#include "state/app_state.hpp"
#include "ui/digit_strip.hpp"
#include "ui/ui.hpp"
#include "ui_scale.hpp"

namespace {

struct Screen {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    app::FrameShown shown;  // what is on the canvas (reset when the fonts are made again)
};

// SDL makes the WebGL context through Emscripten's EGL, which has no attribute for this: a frame drawn only
// in part (frame_change.hpp) needs the rest of the last one still in the canvas, not cleared by the browser.
EM_JS(void, js_gl_preserve_drawing_buffer, (), { EGL.contextAttributes.preserveDrawingBuffer = true; });

bool screen_open(Screen& screen) {
    // Keys go to the app only while the canvas has the focus, so that Tab can reach the page's other controls.
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        std::fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return false;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    // With a resizable window and a canvas sized by CSS, SDL takes the CSS size and follows resizes.
    const Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    screen.window =
        SDL_CreateWindow("DigitLab", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 1280, 720, flags);
    js_gl_preserve_drawing_buffer();
    if (screen.window) screen.gl = SDL_GL_CreateContext(screen.window);
    if (!screen.gl) {
        std::fprintf(stderr, "WebGL2 is not available: %s\n", SDL_GetError());
        app::notice_show("DigitLab needs WebGL2, which this browser does not offer (or has turned off).");
        return false;
    }
    return true;
}

void imgui_open(const Screen& screen) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; nothing to remember
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui::StyleColorsDark();
    ImGui_ImplSDL2_InitForOpenGL(screen.window, screen.gl);
    ImGui_ImplOpenGL3_Init("#version 300 es");
}

// Clears and draws what `damage` says, each of its rectangles on its own.
void frame_draw(ImDrawData& draw, const app::FrameDamage& damage, int width, int height) {
    glViewport(0, 0, width, height);
    glClearColor(0.1f, 0.1f, 0.12f, 1.f);
    if (damage.full) {
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(&draw);
        return;
    }
    glEnable(GL_SCISSOR_TEST);
    for (const ImVec4& r : damage.rects) {
        const app::ScissorBox box = app::scissor_box(r, draw);  // the pixels DrawDataClip lets draw
        glScissor(box.x, box.y, box.width, box.height);
        glClear(GL_COLOR_BUFFER_BIT);
        app::DrawDataClip clip(draw, r);
        ImGui_ImplOpenGL3_RenderDrawData(clip.draw_data());
    }
    glDisable(GL_SCISSOR_TEST);
}

void frame(void* arg) {
    Screen& screen = *static_cast<Screen*>(arg);
    app::AppState& state = app::app_state();
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
        if (!app::input_event(state, event)) ImGui_ImplSDL2_ProcessEvent(&event);
    }
    std::vector<dl::WorkerReport> released;
    const bool due = app::redraw_due(state, released);
    app::messages_apply(state, released);
    if (!due) return app::outbox_drain(state);
    const double layout_start = emscripten_get_now();
    ++state.layouts;

    int window_w = 0, window_h = 0;
    SDL_GetWindowSize(screen.window, &window_w, &window_h);
    if (app::ui_scale_update(state, float(window_w), float(window_h), float(emscripten_get_device_pixel_ratio()))) {
        ImGui_ImplOpenGL3_DestroyDeviceObjects();  // made again by NewFrame, with the new fonts
        screen.shown = {};
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    app::frame_update(state);
    app::ui_frame(state);
    static app::Announced announced;
    app::live_region_say(app::announcements(state, announced));
    ImGui::Render();
    state.first_frame_done = true;
    state.pad.trail.clear();  // used by this frame's pad
    app::ui_busy_update(state);
    app::outbox_drain(state);
    if (state.pad.dirty) app::redraw_request(state);  // the next frame predicts this frame's stroke

    int width = 0, height = 0;
    SDL_GL_GetDrawableSize(screen.window, &width, &height);
    ImDrawData& draw = *ImGui::GetDrawData();
    const app::FrameDamage damage =
        app::frame_damage_find(screen.shown, draw, width, height, app::DigitStrip::uploaded_take());
    state.layout_ms += 0.1 * (emscripten_get_now() - layout_start - state.layout_ms);
    if (!damage.full && damage.rects.empty()) return;  // nothing new to show: the browser keeps the last frame
    frame_draw(draw, damage, width, height);
    app::redraw_sent();
    ++state.frames;
    if (!damage.full) ++state.frames_partial;
}

}  // namespace

int main() {
    static Screen screen;  // outlives main(): the browser keeps calling frame() after main returns
    if (!screen_open(screen)) return 1;
    imgui_open(screen);
    app::redraw_request(app::app_state());
    emscripten_set_main_loop_arg(frame, &screen, 0, false);
    return 0;
}
