// The page's panels. ui_frame() lays them out to fill the window (ImGui windows at fixed places, sized
// from the window size) and calls each panel's contents.
#pragma once
#include <imgui.h>

#include <string>

#include "state/actions.hpp"
#include "state/app_state.hpp"

namespace app {

void ui_frame(AppState& s);

// [SECTION] Panel contents (inside an ImGui window made by ui_frame)
void panel_data(AppState& s);
void panel_train(AppState& s);
void train_settings(AppState& s);        // parts of panel_train
void model_editor(AppState& s);          // parts of train_settings
void model_summary_section(AppState& s);
void augment_schedule_section(AppState& s);  // augment_settings.cpp
void train_history(AppState& s);
void saved_models_section(AppState& s);
void panel_draw(AppState& s);
void panel_inside(AppState& s);          // part of panel_draw
void panel_predict(AppState& s);
void status_bar(AppState& s);
void data_explorer(AppState& s);        // tabs of panel_data (data_explorer.cpp)
void class_means(AppState& s);
void validation_confusion(AppState& s); // tabs of panel_train (validation_view.cpp)
void validation_mistakes(AppState& s);

void help_window(AppState& s);

// [SECTION] Helpers shared by the panels

// Remembers the last item's rectangle under `name` (see AppState::rects), and whether it is scrolled out of view.
void rect_record(AppState& s, const char* name);
// A progress bar for a job (empty while its total is unknown), full width.
void task_progress_bar(const Task& task, const char* overlay);
// ", ETA 12 s" from the task's progress so far; empty until it can be estimated.
std::string task_eta_text(const Task& task);
// Dimmed text, wrapped at the window's edge.
void text_hint(const char* text);
// Text in the colour of problems.
void text_problem(const char* text);
// A tooltip wrapped at 28 font heights (some 55 characters), shown now. item_tooltip shows it while the last
// item is hovered, also when disabled, where a word on why is most wanted.
void tooltip(const char* fmt, ...) IM_FMTARGS(1);
void item_tooltip(const char* fmt, ...) IM_FMTARGS(1);
// A tab of a tab bar whose rectangle is recorded as `rect_name` (whether open or not); true if open, then
// close it with ImGui::EndTabItem().
bool tab_item(AppState& s, const char* label, const char* rect_name);

}  // namespace app
