// Mini-batch training of a model on a labelled dataset, in steps small enough that a front end can show
// progress, answer a stop request within a fraction of a second, and keep its UI responsive.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dataset.hpp"
#include "epoch_stats.hpp"
#include "lr_schedule.hpp"
#include "model.hpp"
#include "optimizer.hpp"
#include "thread_pool.hpp"
#include "train_config.hpp"

namespace dl {

class Trainer {
public:
    // `data` must outlive the trainer. The configuration must pass train_config_check(). The trainer trains on
    // at most config.threads threads of `pool`, which it must not outlive; without one it starts its own.
    // With `start` (whose weights must fit config.layers: model_weights_fit), training starts from its weights
    // instead of fresh ones: fine-tuning, or a warm restart of the schedule from a trained model.
    Trainer(const Dataset& data, const TrainConfig& config, ThreadPool* pool = nullptr, const Model* start = nullptr);

    // Trains up to `max_batches` mini-batches, returning early at the end of an epoch (whose stats are
    // then appended to history()). Returns false once training is over: all epochs done, or diverged.
    bool train_batches(int max_batches);
    // Distillation: trains towards (1 - weight) of the (smoothed) labels plus `weight` of `probs`, kClasses
    // probabilities per dataset row from a teacher, such as an ensemble's predictions: where the teacher is
    // unsure between two digits, so is the target. Cross-entropy only; `probs` must outlive the trainer.
    void teacher_set(const Mat* probs, float weight) { teacher_ = probs, teacher_weight_ = weight; }
    // Adds the time of every later step's parts to `profile` (null: stop); it must outlive the trainer's use.
    void profile_set(StepProfile* profile) { profile_ = profile; }
    // Runs later steps on at most `threads` threads (< 1: all of the pool's). The batch is still split into
    // the same shares, so the weights do not change; a front end lends a core to its UI this way.
    void threads_limit(int threads) { threads_limit_ = threads; }
    int threads() const { return width_; }  // the threads it trains on, the caller's included
    // Leaves `seconds` that did not train (a pause) out of the current epoch's time.
    void clock_skip(double seconds) { epoch_start_ += seconds; }

    bool finished() const { return epoch_ >= config_.epochs || diverged_ || stopped_early_; }
    // The loss became NaN or infinite, or (cross-entropy) stayed far above a random guess's: a learning rate
    // too large for the model. The model holds the weights of the last completed epoch (or the initial ones)
    // again, and divergence() says what was seen, for the user.
    bool diverged() const { return diverged_; }
    const std::string& divergence() const { return divergence_; }
    bool stopped_early() const { return stopped_early_; }
    // The epoch with the best validation accuracy so far, 0 if none completed.
    int best_epoch() const { return best_epoch_; }
    // The epoch whose end-of-epoch weights model() holds: the last completed one, or once finished with
    // keep_best the best one; 0 for the initial weights. (Mid-epoch, the weights have moved on since.)
    int weights_epoch() const { return weights_epoch_; }
    float learning_rate() const { return optimizer_.config.learning_rate; }

    // The validation rows (of the dataset), and the predicted probabilities for them (kClasses per row)
    // of the weights of weights_epoch(); empty before the first epoch ends.
    const std::vector<int>& validation_rows() const { return val_rows_; }
    const std::vector<float>& validation_probs() const { return val_probs_; }

    // The model being trained; once finished, the weights training yields (see weights()).
    Model& model() { return model_; }
    // The weights training yields so far: the model's, or with ema_decay their moving average (which each
    // epoch's end evaluates).
    Model& weights() { return config_.ema_decay > 0 && !finished() ? average_ : model_; }
    const std::vector<EpochStats>& history() const { return history_; }
    int epoch() const { return epoch_; }  // completed epochs
    int batches_per_epoch() const { return batches_per_epoch_; }
    int batch_in_epoch() const { return batch_; }
    long images_seen() const { return images_seen_; }
    float running_loss() const { return seen_in_epoch_ ? float(loss_sum_ / seen_in_epoch_) : 0.f; }
    float running_accuracy() const { return seen_in_epoch_ ? float(correct_) / seen_in_epoch_ : 0.f; }
    // Moving averages over about the last ten batches: the live curves (the running means above lag a whole
    // epoch behind).
    float smoothed_loss() const { return float(loss_smooth_); }
    float smoothed_accuracy() const { return float(acc_smooth_); }

private:
    // What one thread needs for its share of a batch.
    struct Shard {
        Model* model = nullptr;
        Rng rng;
        Mat x, augmented, probs, dlogits;
        std::vector<uint8_t> labels;
        Mat targets;  // with cross-entropy: each row's target probabilities (smoothed labels, with the teacher's)
        float loss = 0;
        int correct = 0;
        BatchMoments moments;  // of its share at the batch norm layer the forward stage ended at
    };

    void step_run(size_t start, int batch, int used);
    void shard_forward(Shard& shard, size_t stage, size_t start, int count, int batch);
    // The shard's loss and the logits' gradient, against the labels (smoothed) or, with a teacher, the mixed targets.
    void shard_loss(Shard& shard, size_t start);
    void shard_backward(Shard& shard, size_t stage);
    void shard_backward_to(Shard& shard, size_t stage, const Mat& dy, StepProfile* prof);
    const Mat& layer_output_grad(const Shard& shard, size_t layer) const;
    void moments_merge(size_t norm, int used);
    void sums_add(size_t norm, int used);
    void shards_reduce(int used);
    void end_epoch();
    // Moves the weights' average one step towards the model's.
    void average_update();
    // Adds a batch's loss and accuracy to the moving averages.
    void smooth_update(double loss, double accuracy);
    // Why the loss of this batch means the training has diverged, or "" if it has not.
    std::string divergence_check(double loss) const;

    const Dataset& data_;
    TrainConfig config_;
    Model model_;
    Model last_good_, best_;
    Model average_;  // with ema_decay: the moving average of the weights
    long average_steps_ = 0;
    LrSchedule schedule_;
    Optimizer optimizer_;
    Rng rng_;
    std::unique_ptr<ThreadPool> own_pool_;  // when no pool was lent
    ThreadPool& pool_;
    int width_;  // threads, each with its share of every batch: min(config.threads, pool size, batch size)
    std::vector<Model> replicas_;  // the model's copies for threads 1..n-1 (thread 0 uses model_)
    std::vector<Shard> shards_;
    // The batch norm layers (indices), where a step's stages meet (step_run), and what they share there:
    // the batch's moments (forward), and its gradient sums and values per channel (backward).
    std::vector<size_t> norms_;
    BatchMoments merged_;
    RowVec dgamma_, dbeta_;
    long norm_count_ = 0;
    std::vector<int> train_rows_, val_rows_;
    std::vector<float> val_probs_, best_val_probs_;
    std::vector<EpochStats> history_;
    int epoch_ = 0, batch_ = 0, batches_per_epoch_ = 0;
    long images_seen_ = 0;
    double loss_sum_ = 0;
    long correct_ = 0, seen_in_epoch_ = 0;
    double epoch_start_ = 0;
    bool diverged_ = false, stopped_early_ = false;
    std::string divergence_;
    double loss_smooth_ = 0, acc_smooth_ = 0;  // see smoothed_loss()
    long batches_done_ = 0;
    StepProfile* profile_ = nullptr;
    const Mat* teacher_ = nullptr;
    float teacher_weight_ = 0;
    int best_epoch_ = 0, weights_epoch_ = 0;
    int threads_limit_ = 0;
};

}  // namespace dl
