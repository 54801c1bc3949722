#include "trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "loss.hpp"

namespace dl {

namespace {

double seconds_now() {
    using clock = std::chrono::steady_clock;
    return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

constexpr int kEvalBatch = 500;

}  // namespace

std::string train_config_check(const TrainConfig& config, int rows) {
    if (std::string e = layers_check(config.layers); !e.empty()) return e;
    if (config.batch_size < 1 || config.batch_size > 4096) return "batch size must be between 1 and 4096";
    if (config.epochs < 1 || config.epochs > 1000) return "epochs must be between 1 and 1000";
    if (!(config.val_split >= 0.0f && config.val_split <= 0.5f)) return "validation split must be between 0 and 0.5";
    if (!(config.optimizer.learning_rate > 0.0f && std::isfinite(config.optimizer.learning_rate)))
        return "learning rate must be a positive number";
    const OptimizerConfig& o = config.optimizer;
    if (!(o.momentum >= 0.0f && o.momentum < 1.0f)) return "momentum must be in [0, 1)";
    if (!(o.rho > 0.0f && o.rho < 1.0f)) return "rho must be in (0, 1)";
    if (!(o.decay >= 0.0f && std::isfinite(o.decay))) return "decay must be 0 or more";
    const int n_val = int(rows * double(config.val_split) + 0.5);
    if (rows - n_val < 1) return "no training rows: load train.csv first";
    return {};
}

Evaluation model_evaluate(Model& model, const Dataset& data, const std::vector<int>& rows, LossKind loss_kind) {
    Evaluation e;
    Mat x, probs;
    std::vector<uint8_t> labels;
    double loss = 0;
    long correct = 0;
    for (size_t start = 0; start < rows.size(); start += kEvalBatch) {
        const int n = int(std::min<size_t>(kEvalBatch, rows.size() - start));
        dataset_gather(data, rows.data() + start, n, x);
        labels.resize(n);
        for (int i = 0; i < n; ++i) labels[i] = data.labels[rows[start + i]];
        model_predict(model, x, probs);
        int right = 0;
        loss += double(loss_forward(loss_kind, probs, labels.data(), &right)) * n;
        correct += right;
    }
    e.count = int(rows.size());
    if (e.count) {
        e.loss = float(loss / e.count);
        e.accuracy = float(correct) / e.count;
    }
    return e;
}

Trainer::Trainer(const Dataset& data, const TrainConfig& config)
    : data_(data), config_(config), model_(model_create(config.layers, config.seed)),
      optimizer_(optimizer_create(config.optimizer)), rng_(config.seed * 2654435761ull + 1) {
    dataset_split(data.rows, config.val_split, config.seed, train_rows_, val_rows_);
    batches_per_epoch_ = int((train_rows_.size() + config.batch_size - 1) / config.batch_size);
    last_good_ = model_;
}

bool Trainer::train_batches(int max_batches) {
    for (int done = 0; done < max_batches && !finished(); ++done) {
        if (batch_ == 0) {
            rng_.shuffle(train_rows_);
            epoch_start_ = seconds_now();
            loss_sum_ = 0;
            correct_ = seen_in_epoch_ = 0;
        }
        const size_t start = size_t(batch_) * config_.batch_size;
        const int n = int(std::min<size_t>(config_.batch_size, train_rows_.size() - start));
        dataset_gather(data_, train_rows_.data() + start, n, x_);
        y_.resize(n);
        for (int i = 0; i < n; ++i) y_[i] = data_.labels[train_rows_[start + i]];

        softmax_forward(model_forward(model_, x_, true, rng_), probs_);
        int right = 0;
        const float loss = loss_forward(config_.loss, probs_, y_.data(), &right);
        if (!std::isfinite(loss)) {
            // A NaN would spread into every weight on the next update: go back to the last good state.
            diverged_ = true;
            model_ = last_good_;
            return false;
        }
        loss_backward(config_.loss, probs_, y_.data(), dlogits_);
        model_backward(model_, x_, dlogits_, true);
        optimizer_step(optimizer_, model_params(model_));

        loss_sum_ += double(loss) * n;
        correct_ += right;
        seen_in_epoch_ += n;
        images_seen_ += n;
        if (++batch_ == batches_per_epoch_) {
            end_epoch();
            break;
        }
    }
    return !finished();
}

void Trainer::end_epoch() {
    EpochStats s;
    s.epoch = ++epoch_;
    s.train_loss = running_loss();
    s.train_accuracy = running_accuracy();
    s.validation = model_evaluate(model_, data_, val_rows_, config_.loss);
    s.seconds = seconds_now() - epoch_start_;
    history_.push_back(s);
    batch_ = 0;
    last_good_ = model_;
}

void model_predict_labels(Model& model, const Dataset& data, int begin, int end, uint8_t* labels) {
    Mat x, probs;
    std::vector<int> rows;
    for (int start = begin; start < end; start += kEvalBatch) {
        const int n = std::min(kEvalBatch, end - start);
        rows.resize(n);
        for (int i = 0; i < n; ++i) rows[i] = start + i;
        dataset_gather(data, rows.data(), n, x);
        model_predict(model, x, probs);
        for (int i = 0; i < n; ++i) labels[start + i] = uint8_t(row_argmax(probs, i));
    }
}

}  // namespace dl
