#include "train_series.hpp"

#include "ensemble_use.hpp"
#include "actions.hpp"

namespace app {

void series_begin(AppState& s, std::vector<dl::TrainConfig> configs) {
    s.series = TrainSeries{};
    s.series.configs = std::move(configs);
}

const dl::TrainConfig& series_config(const TrainSeries& series) { return series.configs[size_t(series.index)]; }

int series_epochs_after(const TrainSeries& series) {
    int epochs = 0;
    for (size_t i = size_t(series.index) + 1; i < series.configs.size(); ++i) epochs += series.configs[i].epochs;
    return epochs;
}

void series_model_done(AppState& s, const std::string& reason, double id, const std::vector<uint8_t>& file) {
    TrainSeries& series = s.series;
    if (series.count() < 2) return;
    if (reason != "finished") {
        if (reason == "stopped")
            s.status = "Stopped at model " + std::to_string(series.index + 1) + " of " +
                       std::to_string(series.count()) + "; the " + std::to_string(series.ids.size()) +
                       " finished before are saved, and the stopped one's weights so far.";
        series_end(s);
        return;
    }
    series.ids.push_back(id);
    series.files.push_back(file);
    if (++series.index < series.count()) {
        return train_run_start(s, series_config(series));
    }
    const std::vector<double> ids = series.ids;
    std::vector<std::vector<uint8_t>> files = std::move(series.files);
    series_end(s);
    ensemble_set(s, ids, std::move(files));
}

void series_end(AppState& s) { s.series = TrainSeries{}; }

std::string series_text(const TrainSeries& series) {
    if (series.count() < 2) return "";
    return "model " + std::to_string(series.index + 1) + " of " + std::to_string(series.count()) + ", ";
}

}  // namespace app
