// The page's panels. ui_frame() lays them out to fill the window (ImGui windows at fixed places, sized
// from the window size) and calls each panel's contents.
#pragma once
#include "app_state.hpp"

namespace app {

void ui_frame(AppState& s);

// [SECTION] Panel contents (inside an ImGui window made by ui_frame)
void panel_data(AppState& s);
void panel_train(AppState& s);
void train_settings(AppState& s);        // parts of panel_train
void model_editor(AppState& s);          // parts of train_settings
void model_summary_section(AppState& s);
void train_history(const Training& t);
void panel_draw(AppState& s);
void panel_inside(AppState& s);          // part of panel_draw
void panel_predict(AppState& s);
void status_bar(AppState& s);

// [SECTION] Helpers shared by the panels

// Remembers the last item's rectangle under `name` (see AppState::rects).
void rect_record(AppState& s, const char* name);
// A progress bar for a job (empty while its total is unknown), full width.
void task_progress_bar(const Task& task, const char* overlay);
// Dimmed text, wrapped at the window's edge.
void text_hint(const char* text);
// Text in the colour of problems.
void text_problem(const char* text);

}  // namespace app
