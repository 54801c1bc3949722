// The help: what to do in four steps, the keyboard shortcuts (from the shortcuts table) and what the
// modes mean. A window over the panels, opened by the status bar's Help button, ? or F1; closed by its
// Close button, its x, Esc, ? or F1.
#include <imgui.h>

#include <algorithm>

#include "platform/shortcuts.hpp"
#include "ui.hpp"

namespace app {

namespace {

void steps_show() {
    ImGui::TextUnformatted("Train a digit recognizer for Kaggle's Digit Recognizer, in four steps:");
    static const char* const kSteps[] = {
        "Data: open Kaggle's train.csv and test.csv (or drop them on the page), or press Load sample data.",
        "Model & training: choose a model and its settings, press Train. Loss and accuracy are plotted "
        "per epoch.",
        "Draw: draw a digit on the pad with the mouse, a pen or a finger; the model's input and its "
        "prediction follow as you draw.",
        "Predict: label test.csv with the model, download submission.csv and upload it to Kaggle.",
    };
    for (int i = 0; i < IM_ARRAYSIZE(kSteps); ++i) {
        ImGui::Text("%d.", i + 1);
        ImGui::SameLine();
        ImGui::TextWrapped("%s", kSteps[i]);
    }
}

void shortcuts_show() {
    float keys_w = 0;  // set here: a fixed column sizes itself to its contents only a frame later
    for (const Shortcut& k : shortcuts()) keys_w = std::max(keys_w, ImGui::CalcTextSize(k.keys).x);
    keys_w += ImGui::GetFontSize() * 0.5f;  // room for the cell padding
    if (!ImGui::BeginTable("shortcuts", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) return;
    ImGui::TableSetupColumn("Keys", ImGuiTableColumnFlags_WidthFixed, keys_w);
    ImGui::TableSetupColumn("Does", ImGuiTableColumnFlags_WidthStretch);
    for (const Shortcut& k : shortcuts()) {
        if (!*k.keys) continue;  // another key of the row above
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(k.keys);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(k.what);
    }
    ImGui::EndTable();
    text_hint("Not while typing in a field.");
}

void modes_show() {
    static const char* const kModes[] = {
        "Model: MLP is a multi-layer perceptron of your own (hidden layer sizes, activation, dropout); the "
        "others are the models of Kaggle tutorials; Custom is any of them with its layers edited (Layers).",
        "Ensemble: tick several models in Saved in this browser (or set Models to train above 1) and the pad "
        "and Predict average their probabilities; an ensemble usually makes fewer mistakes than any one member.",
        "Mode (status bar, right): \"threads\" trains on every core; \"single-thread\" means this host does "
        "not allow WebAssembly threads (no cross-origin isolation), so training uses one core and is slower.",
        "Everything runs in this browser tab: your data never leaves your machine.",
    };
    for (const char* text : kModes) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", text);
    }
}

}  // namespace

void help_window(AppState& s) {
    if (!s.help_open) return;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const ImVec2 size(std::min(display.x * 0.94f, 600 * s.ui_scale), std::min(display.y * 0.9f, 560 * s.ui_scale));
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    static int shown_frame = -2;  // on top when it opens; the panels never come to the front anyway
    if (shown_frame != ImGui::GetFrameCount() - 1) ImGui::SetNextWindowFocus();
    shown_frame = ImGui::GetFrameCount();
    ImGui::SetNextWindowBgAlpha(1.f);  // the panels' text showing through would make it hard to read
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
    if (ImGui::Begin("Help###help", &s.help_open, flags)) {
        const ImVec2 pos = ImGui::GetWindowPos(), win = ImGui::GetWindowSize();
        s.rects["help"] = {pos.x, pos.y, win.x, win.y};
        steps_show();
        ImGui::Separator();
        ImGui::TextUnformatted("Keyboard shortcuts");
        shortcuts_show();
        ImGui::Separator();
        modes_show();
        ImGui::Separator();
        if (ImGui::Button("Close", ImVec2(ImGui::GetFontSize() * 6, 0))) s.help_open = false;
        rect_record(s, "help_close");
    }
    ImGui::End();
}

}  // namespace app
