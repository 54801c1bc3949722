#include "train_config.hpp"

#include <cmath>

namespace dl {

void train_config_write(ByteWriter& w, const TrainConfig& c) {
    layers_write(w, c.layers);
    const OptimizerConfig& o = c.optimizer;
    w.u32(uint32_t(o.kind));
    for (float v : {o.learning_rate, o.momentum, o.decay, o.beta1, o.beta2, o.rho, o.epsilon}) w.f32(v);
    w.u8(o.nesterov);
    w.u32(uint32_t(c.loss));
    w.u32(uint32_t(c.batch_size));
    w.u32(uint32_t(c.epochs));
    w.f32(c.val_split);
    w.u64(c.seed);
    w.u32(uint32_t(c.threads));
    const AugmentConfig& a = c.augment;
    for (float v : {a.rotation, a.zoom, a.shift, a.elastic, a.elastic_sigma}) w.f32(v);
    const ScheduleConfig& s = c.schedule;
    w.u32(uint32_t(s.kind));
    w.f32(s.factor);
    w.u32(uint32_t(s.every));
    w.u32(uint32_t(s.patience));
    w.f32(s.min_lr);
    w.u8(c.keep_best);
    w.u32(uint32_t(c.early_stopping));
    w.f32(c.label_smoothing);
    w.f32(c.ema_decay);
}

bool train_config_read(ByteReader& r, TrainConfig& c, uint32_t version) {
    if (!layers_read(r, c.layers)) return false;
    OptimizerConfig& o = c.optimizer;
    o.kind = OptimizerKind(r.u32());
    for (float* v : {&o.learning_rate, &o.momentum, &o.decay, &o.beta1, &o.beta2, &o.rho, &o.epsilon}) *v = r.f32();
    o.nesterov = r.u8() != 0;
    c.loss = LossKind(r.u32());
    c.batch_size = int(r.u32());
    c.epochs = int(r.u32());
    c.val_split = r.f32();
    c.seed = r.u64();
    c.threads = int(r.u32());
    AugmentConfig& a = c.augment;
    for (float* v : {&a.rotation, &a.zoom, &a.shift, &a.elastic, &a.elastic_sigma}) *v = r.f32();
    ScheduleConfig& s = c.schedule;
    s.kind = ScheduleKind(r.u32());
    s.factor = r.f32();
    s.every = int(r.u32());
    s.patience = int(r.u32());
    s.min_lr = r.f32();
    c.keep_best = r.u8() != 0;
    c.early_stopping = int(r.u32());
    c.label_smoothing = r.f32();
    c.ema_decay = version >= 2 ? r.f32() : 0.f;
    return r.ok();
}

std::string train_config_check(const TrainConfig& config, int rows) {
    if (std::string e = layers_check(config.layers); !e.empty()) return e;
    if (config.batch_size < 1 || config.batch_size > 4096) return "batch size must be between 1 and 4096";
    if (config.epochs < 1 || config.epochs > 1000) return "epochs must be between 1 and 1000";
    if (!(config.val_split >= 0.0f && config.val_split <= 0.5f)) return "validation split must be between 0 and 0.5";
    if (!(config.optimizer.learning_rate > 0.0f && std::isfinite(config.optimizer.learning_rate)))
        return "learning rate must be a positive number";
    const OptimizerConfig& o = config.optimizer;
    if (uint32_t(o.kind) < uint32_t(OptimizerKind::Sgd) || uint32_t(o.kind) > uint32_t(OptimizerKind::Adadelta))
        return "unknown optimizer";
    if (uint32_t(config.loss) > uint32_t(LossKind::BinaryCrossEntropy)) return "unknown loss";
    if (!(o.momentum >= 0.0f && o.momentum < 1.0f)) return "momentum must be in [0, 1)";
    if (!(o.rho > 0.0f && o.rho < 1.0f)) return "rho must be in (0, 1)";
    if (!(o.decay >= 0.0f && std::isfinite(o.decay))) return "decay must be 0 or more";
    const AugmentConfig& a = config.augment;
    if (!(a.rotation >= 0 && a.rotation <= 180)) return "rotation must be between 0 and 180 degrees";
    if (!(a.zoom >= 0 && a.zoom < 1)) return "zoom must be in [0, 1)";
    if (!(a.shift >= 0 && a.shift <= 0.5f)) return "shift must be between 0 and 0.5";
    if (!(a.elastic >= 0 && a.elastic <= 20) || !(a.elastic_sigma >= 0.5f && a.elastic_sigma <= 20))
        return "elastic distortion: strength 0-20, smoothness 0.5-20 pixels";
    const ScheduleConfig& s = config.schedule;
    if (uint32_t(s.kind) > uint32_t(ScheduleKind::OneCycle)) return "unknown learning-rate schedule";
    if (!(s.factor > 0 && s.factor <= 1)) return "schedule factor must be in (0, 1]";
    if (s.every < 1 || s.patience < 0 || !(s.min_lr >= 0)) return "schedule: every >= 1, patience >= 0, min lr >= 0";
    if (config.early_stopping < 0) return "early stopping patience must be 0 (off) or more";
    if (!(config.label_smoothing >= 0 && config.label_smoothing < 1)) return "label smoothing must be in [0, 1)";
    if (config.label_smoothing > 0 && config.loss != LossKind::CrossEntropy)
        return "label smoothing goes with the cross-entropy loss only";
    if (!(config.ema_decay >= 0 && config.ema_decay < 1)) return "weight averaging's decay must be in [0, 1)";
    const int n_val = int(rows * double(config.val_split) + 0.5);
    if (rows - n_val < 1) return "no training rows: load train.csv first";
    return {};
}

}  // namespace dl
