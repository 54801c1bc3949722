// The Predict panel: labels test.csv with the current model (in the worker) and saves Kaggle's
// submission.csv; the current model can be saved as a file (ours, or ONNX), and a saved one opened again.
#include <imgui.h>

#include <cstdio>
#include <iterator>

#include "core/onnx_export.hpp"
#include "state/text_format.hpp"
#include "ui.hpp"

namespace app {

namespace {

constexpr const char* kOpenModel = "Open model...";

void onnx_button(AppState& s) {
    if (ImGui::Button("Download as ONNX")) onnx_download(s);
    rect_record(s, "download_onnx");
    if (!ImGui::IsItemHovered()) return;
    if (s.ensemble.in_use())
        tooltip("The ensemble of %d models as one ONNX model that averages their probabilities, as the "
                "pad and Predict do", int(s.ensemble.ids.size()));
    else
        tooltip("The model as ONNX (opset %d), for onnxruntime, OpenCV or Netron: input image "
                "[N, 1, 28, 28], pixels / 255; output probabilities [N, 10]", dl::kOnnxOpset);
}

// Keeps the button `label`, drawn next, on this row if it fits: a narrow panel would clip it.
void same_line_if_fits(const char* label) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float next_w = style.ItemSpacing.x + ImGui::CalcTextSize(label).x + 2 * style.FramePadding.x;
    if (ImGui::GetItemRectMax().x + next_w <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
        ImGui::SameLine();
}

}  // namespace

void panel_predict(AppState& s) {
    ImGui::BeginDisabled(!predict_possible(s));
    if (ImGui::Button("Predict test.csv")) predict_start(s);
    rect_record(s, "predict");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(s.submission_csv.empty());
    if (ImGui::Button("Download submission.csv")) submission_download(s);
    rect_record(s, "download");
    ImGui::EndDisabled();
    ImGui::Checkbox("Test-time augmentation", &s.predict_tta);
    rect_record(s, "predict_tta");
    item_tooltip("Average the model's probabilities over each image and %d slightly shifted or rotated "
                 "copies (slower)", int(std::size(dl::kTtaViews)) - 1);

    if (s.predict.active) {
        char overlay[96];
        std::snprintf(overlay, sizeof overlay, "%s / %s images%s", count_text(s.predict.done).c_str(),
                      count_text(s.predict.total).c_str(), task_eta_text(s.predict).c_str());
        task_progress_bar(s.predict, overlay);
    } else if (s.submission_rows > 0) {
        ImGui::Text("submission.csv: %s rows%s", count_text(s.submission_rows).c_str(),
                    s.submission_members > 1 ? (", by " + std::to_string(s.submission_members) + " models").c_str()
                                             : "");
    } else if (!s.model.present || s.test_set.rows == 0) {
        text_hint("Needs a trained model and test.csv.");
    }

    ImGui::Separator();
    if (s.ensemble.in_use())
        ImGui::Text("An ensemble of %d models; its first:", int(s.ensemble.ids.size()));
    if (s.model.present) {
        if (s.model.file_name.empty())
            ImGui::Text("Model: %s parameters, epoch %d", count_text(double(s.model.params)).c_str(),
                        s.model.epoch);
        else
            ImGui::Text("Model: %s parameters, from %s", count_text(double(s.model.params)).c_str(),
                        s.model.file_name.c_str());
        item_tooltip("%s", dl::model_summary(s.model.model).c_str());
        if (ImGui::Button("Download model")) model_download(s);
        rect_record(s, "download_model");
        ImGui::SameLine();
        onnx_button(s);
        same_line_if_fits(kOpenModel);
    } else {
        ImGui::TextDisabled("No model yet.");
    }
    ImGui::BeginDisabled(s.training.running);  // the next epoch would replace the opened model
    if (ImGui::Button(kOpenModel)) file_pick(s, FilePick::Model);
    rect_record(s, "open_model");
    ImGui::EndDisabled();
    item_tooltip("A .dlm file from Download model or the digitlab command line");
}

}  // namespace app
