#include "trainer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "loss.hpp"

namespace dl {

Trainer::Trainer(const Dataset& data, const TrainConfig& config, ThreadPool* pool, const Model* start)
    : data_(data), config_(config), model_(model_create(config.layers, config.seed)),
      schedule_(config.schedule, config.optimizer.learning_rate, config.epochs),
      optimizer_(optimizer_create(config.optimizer)), rng_(config.seed * 2654435761ull + 1),
      own_pool_(pool ? nullptr : std::make_unique<ThreadPool>(std::min(config.threads, config.batch_size))),
      pool_(pool ? *pool : *own_pool_),
      width_(std::min({config.threads < 1 ? pool_.size() : config.threads, pool_.size(), config.batch_size})) {
    dataset_split(data.rows, config.val_split, config.seed, train_rows_, val_rows_);
    batches_per_epoch_ = int((train_rows_.size() + config.batch_size - 1) / config.batch_size);
    if (start) model_weights_copy(*start, model_);  // before the copies below take the weights
    last_good_ = model_;
    if (config.ema_decay > 0) average_ = model_;
    replicas_.assign(width_ - 1, model_);
    shards_.resize(width_);
    for (size_t i = 0; i < model_.layers.size(); ++i)
        if (model_.layers[i].spec.kind == LayerKind::BatchNorm) norms_.push_back(i);
    for (int t = 0; t < width_; ++t) {
        shards_[t].model = t == 0 ? &model_ : &replicas_[t - 1];
        shards_[t].rng.rng_seed(config.seed * 7919 + t);
    }
}

// [SECTION] One step, in stages

// A step runs in stages cut at the batch norm layers, so that each normalizes by the whole batch's statistics
// however many shares the batch is split into (batchnorm.hpp). Forward, stage k runs each share up to the
// k-th batch norm and that layer's moments, merged between stages; the last stage goes on through the loss
// and backward down to the last batch norm, whose gradient sums are then added over the shares; each backward
// stage continues from there down to the previous one. Without batch norm, one stage.
void Trainer::step_run(size_t start, int batch, int used) {
    auto begin = [&](int t) { return batch * t / used; };
    for (size_t k = 0; k <= norms_.size(); ++k) {
        pool_.parallel_for(used, [&](int t) {
            shard_forward(shards_[t], k, start + begin(t), begin(t + 1) - begin(t), batch);
        }, threads_limit_);
        if (k < norms_.size()) moments_merge(norms_[k], used);
    }
    for (size_t k = norms_.size(); k-- > 0;) {
        sums_add(norms_[k], used);
        pool_.parallel_for(used, [&](int t) { shard_backward(shards_[t], k); }, threads_limit_);
    }
}

// Forward stage k of rows [start, start + count) of the shuffled training rows on the shard's model; the last
// one with the loss (its gradient scaled by the shard's share of the batch, so that the shards' gradients add
// up to the batch's) and backward down to the last batch norm.
void Trainer::shard_forward(Shard& s, size_t k, size_t start, int count, int batch) {
    // Only thread 0 is profiled: the threads run the same layers on equal shares.
    StepProfile* prof = &s == &shards_[0] ? profile_ : nullptr;
    LayerTimes* times = prof ? &prof->layers : nullptr;
    ProfileClock clock(prof);
    Model& m = *s.model;
    size_t from = 0;
    if (k == 0) {
        dataset_gather(data_, train_rows_.data() + start, count, s.x);
        if (config_.augment.enabled()) {
            s.augmented.resize(count, kImageSize);
            for (int i = 0; i < count; ++i) augment_image(s.x.row(i).data(), s.augmented.row(i).data(), config_.augment, s.rng);
            s.x.swap(s.augmented);
        }
        s.labels.resize(count);
        for (int i = 0; i < count; ++i) s.labels[i] = data_.labels[train_rows_[start + i]];
        clock.lap(&StepProfile::gather);
    } else {
        from = norms_[k - 1] + 1;
        Layer& l = m.layers[from - 1];
        batchnorm_normalize(model_layer_input(m, s.x, from - 1), l.in.c, l.w.row(0), l.b, merged_, l.spec.epsilon, l.bn, l.y);
        clock.lap_layer(&LayerTimes::forward, from - 1);
    }
    const size_t to = k < norms_.size() ? norms_[k] : m.layers.size();
    const Mat& out = model_forward_layers(m, s.x, from, to, true, s.rng, times);
    clock.skip();
    if (k < norms_.size()) {
        batchnorm_moments(out, m.layers[to].in.c, s.moments);
        clock.lap_layer(&LayerTimes::forward, to);
        return;
    }
    softmax_forward(out, s.probs);
    shard_loss(s, start);
    // Every weight gradient is linear in the logits' gradient: scaling these few numbers scales them all,
    // without a pass over every gradient.
    if (count != batch) s.dlogits *= float(count) / float(batch);
    clock.lap(&StepProfile::loss);
    shard_backward_to(s, k, s.dlogits, prof);
}

void Trainer::shard_loss(Shard& s, size_t start) {
    if (config_.loss != LossKind::CrossEntropy && !teacher_) {
        s.loss = loss_forward(config_.loss, s.probs, s.labels.data(), &s.correct);
        loss_backward(config_.loss, s.probs, s.labels.data(), s.dlogits);
        return;
    }
    // Cross-entropy against targets built once a step, for the loss and its gradient: the labels, smoothed, and
    // with a teacher mixed with its probabilities (distillation trains with cross-entropy whatever the loss).
    const int count = int(s.labels.size());
    smoothed_targets(s.labels.data(), count, config_.label_smoothing, s.targets);
    if (teacher_) {
        const float w = teacher_weight_;
        s.targets *= 1 - w;
        for (int i = 0; i < count; ++i) s.targets.row(i) += w * teacher_->row(train_rows_[start + size_t(i)]);
    }
    s.loss = soft_cross_entropy_forward(s.probs, s.targets, s.labels.data(), &s.correct);
    softmax_soft_cross_entropy_backward(s.probs, s.targets, s.dlogits);
}

// Backward stage k: the k-th batch norm's dx from the batch's sums, then on down to the previous one.
void Trainer::shard_backward(Shard& s, size_t k) {
    StepProfile* prof = &s == &shards_[0] ? profile_ : nullptr;
    ProfileClock clock(prof);
    Model& m = *s.model;
    Layer& l = m.layers[norms_[k]];
    batchnorm_backward_dx(layer_output_grad(s, norms_[k]), l.in.c, l.w.row(0), l.bn, dgamma_, dbeta_, norm_count_,
                          l.dx);
    clock.lap_layer(&LayerTimes::backward, norms_[k]);
    shard_backward_to(s, k, l.dx, prof);
}

// Backward from dy, the gradient of layer `to`'s input (the logits for to = all layers), down to the batch
// norm before it, whose share of the gradient sums it computes, or to the first layer.
void Trainer::shard_backward_to(Shard& s, size_t k, const Mat& dy, StepProfile* prof) {
    Model& m = *s.model;
    const size_t to = k < norms_.size() ? norms_[k] : m.layers.size(), from = k ? norms_[k - 1] + 1 : 0;
    model_backward_layers(m, s.x, dy, from, to, true, prof ? &prof->layers : nullptr);
    if (k == 0) return;
    ProfileClock clock(prof);
    Layer& l = m.layers[from - 1];
    RowVec dgamma;
    batchnorm_backward_sums(layer_output_grad(s, from - 1), l.in.c, l.bn, dgamma, l.db);
    l.dw = dgamma;
    clock.lap_layer(&LayerTimes::backward, from - 1);
}

// On the shard's model: the gradient of layer i's output (the next layer's dx, or the logits' gradient).
const Mat& Trainer::layer_output_grad(const Shard& s, size_t i) const {
    return i + 1 < s.model->layers.size() ? s.model->layers[i + 1].dx : s.dlogits;
}

// The batch's moments at batch norm layer `norm` from the shares', in shard order; the running statistics
// move once per batch, on the model (the replicas get them with the weights after the step).
void Trainer::moments_merge(size_t norm, int used) {
    merged_ = {};
    for (int t = 0; t < used; ++t) batch_moments_merge(merged_, shards_[t].moments);
    Layer& l = model_.layers[norm];
    batchnorm_running_update(merged_, l.spec.momentum, l.bn);
}

// The batch's gradient sums at batch norm layer `norm`, in shard order as shards_reduce adds the gradients.
void Trainer::sums_add(size_t norm, int used) {
    norm_count_ = 0;
    for (int t = 0; t < used; ++t) {
        const Layer& l = shards_[t].model->layers[norm];
        if (t == 0) {
            dgamma_ = l.dw.row(0), dbeta_ = l.db;
        } else {
            dgamma_ += l.dw.row(0), dbeta_ += l.db;
        }
        norm_count_ += long(l.bn.xhat.rows());
    }
}

// Sums the replicas' gradients into the model's, always in the same order (so results do not depend on
// which thread finished first).
void Trainer::shards_reduce(int used) {
    if (used < 2) return;
    const std::vector<Param> params = model_params(model_);
    for (int t = 1; t < used; ++t) {
        const std::vector<Param> rp = model_params(*shards_[t].model);
        for (size_t i = 0; i < params.size(); ++i)
            Eigen::Map<Eigen::VectorXf>(params[i].grad, params[i].size) +=
                Eigen::Map<const Eigen::VectorXf>(rp[i].grad, rp[i].size);
    }
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
        const int used = std::min(int(shards_.size()), n);
        ProfileClock clock(profile_);
        step_run(start, n, used);
        clock.lap(&StepProfile::parallel);
        double loss = 0;
        int right = 0;
        for (int t = 0; t < used; ++t) {
            loss += double(shards_[t].loss) * double(shards_[t].labels.size()) / n;
            right += shards_[t].correct;
        }
        smooth_update(loss, double(right) / n);
        divergence_ = divergence_check(loss);
        if (!divergence_.empty()) {
            // A NaN would spread into every weight on the next update: go back to the last good state.
            diverged_ = true;
            model_ = last_good_;
            weights_epoch_ = epoch_;
            return false;
        }
        shards_reduce(used);
        clock.lap(&StepProfile::reduce);
        optimizer_.config.learning_rate = schedule_.lr_at(epoch_ + double(batch_) / batches_per_epoch_);
        optimizer_step(optimizer_, model_params(model_));
        if (config_.ema_decay > 0) average_update();
        clock.lap(&StepProfile::update);
        for (Model& r : replicas_) model_weights_copy(model_, r);
        clock.lap(&StepProfile::copy);
        if (profile_) ++profile_->steps;

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

void Trainer::smooth_update(double loss, double accuracy) {
    constexpr double kSmoothing = 0.1;  // about the last ten batches
    if (batches_done_++ == 0) {
        loss_smooth_ = loss;
        acc_smooth_ = accuracy;
    } else {
        loss_smooth_ += kSmoothing * (loss - loss_smooth_);
        acc_smooth_ += kSmoothing * (accuracy - acc_smooth_);
    }
}

std::string Trainer::divergence_check(double loss) const {
    char where[64];
    std::snprintf(where, sizeof where, " in epoch %d, batch %d", epoch_ + 1, batch_ + 1);
    if (!std::isfinite(loss)) return std::string("the loss became ") + (std::isnan(loss) ? "NaN" : "infinite") + where;
    // A learning rate far too large rarely overflows: it kills the ReLUs or saturates the softmax, and the
    // loss stays above a random guess's (ln 10 = 2.30) for good. Three times that, averaged over about ten
    // batches (smoothed_loss) and after the first twenty, never happens while a model learns.
    constexpr double kChanceTimes = 3;
    constexpr long kWarmupBatches = 20;
    const double chance = std::log(double(kClasses));
    if (config_.loss == LossKind::CrossEntropy && batches_done_ > kWarmupBatches &&
        loss_smooth_ > kChanceTimes * chance) {
        char text[160];
        std::snprintf(text, sizeof text, "the loss rose to %.1f%s, far above a random guess's %.2f", loss_smooth_,
                      where, chance);
        return text;
    }
    return "";
}

// The decay grows from 0.1 over the first steps, (1 + n) / (10 + n), so that the average soon forgets the
// random initial weights however long its horizon.
void Trainer::average_update() {
    ++average_steps_;
    const double warm = double(1 + average_steps_) / double(10 + average_steps_);
    model_weights_average(model_, float(std::min<double>(config_.ema_decay, warm)), average_);
}

void Trainer::end_epoch() {
    EpochStats s;
    s.epoch = ++epoch_;
    s.train_loss = running_loss();
    s.train_accuracy = running_accuracy();
    // On every thread: the replicas hold the model's weights, copied after the last step; with averaging,
    // they take the average's for the evaluation, and the model's back after it.
    const bool averaging = config_.ema_decay > 0;
    std::vector<Model*> models{averaging ? &average_ : &model_};
    for (Model& r : replicas_) {
        if (averaging) model_weights_copy(average_, r);
        models.push_back(&r);
    }
    s.validation = models_evaluate(models, &pool_, threads_limit_, data_, val_rows_, config_.loss, &val_probs_);
    if (averaging)
        for (Model& r : replicas_) model_weights_copy(model_, r);
    s.seconds = seconds_now() - epoch_start_;
    s.learning_rate = optimizer_.config.learning_rate;
    history_.push_back(s);
    batch_ = 0;
    const Model& evaluated = *models[0];
    last_good_ = evaluated;
    weights_epoch_ = s.epoch;
    schedule_.on_epoch_end(s.validation.loss);
    // Without a validation set, the latest epoch counts as the best.
    if (best_epoch_ == 0 || val_rows_.empty() || s.validation.accuracy > history_[best_epoch_ - 1].validation.accuracy) {
        best_epoch_ = s.epoch;
        if (config_.keep_best) {
            best_ = evaluated;
            best_val_probs_ = val_probs_;
        }
    } else if (config_.early_stopping > 0 && s.epoch - best_epoch_ >= config_.early_stopping) {
        stopped_early_ = true;
    }
    if (!finished()) return;
    if (config_.keep_best && best_epoch_ != s.epoch) {
        model_ = best_;
        val_probs_ = best_val_probs_;
        weights_epoch_ = best_epoch_;
    } else if (averaging) {
        model_ = average_;
    }
}

}  // namespace dl
