#include "lr_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace dl {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kWarmupShare = 0.3, kWarmupDivisor = 25;  // one-cycle, as fast.ai's defaults

// Cosine from `from` (at t = 0) to `to` (at t = 1).
double cosine_between(double from, double to, double t) { return to + (from - to) * 0.5 * (1 + std::cos(kPi * t)); }
}  // namespace

const char* schedule_kind_name(ScheduleKind kind) {
    switch (kind) {
        case ScheduleKind::Constant: return "constant";
        case ScheduleKind::StepDecay: return "step decay";
        case ScheduleKind::Exponential: return "exponential";
        case ScheduleKind::ReduceOnPlateau: return "reduce on plateau";
        case ScheduleKind::Cosine: return "cosine";
        case ScheduleKind::OneCycle: return "one-cycle";
    }
    return "?";
}

LrSchedule::LrSchedule(const ScheduleConfig& config, float base_lr, int epochs)
    : config_(config), base_(base_lr), plateau_lr_(base_lr), epochs_(std::max(1, epochs)) {}

float LrSchedule::lr_at(double progress) const {
    const double t = std::clamp(progress / epochs_, 0.0, 1.0);
    switch (config_.kind) {
        case ScheduleKind::Constant: return base_;
        case ScheduleKind::StepDecay:
            return float(base_ * std::pow(config_.factor, std::floor(progress / std::max(1, config_.every))));
        case ScheduleKind::Exponential: return float(base_ * std::pow(config_.factor, progress));
        case ScheduleKind::ReduceOnPlateau: return plateau_lr_;
        case ScheduleKind::Cosine: return float(cosine_between(base_, config_.min_lr, t));
        case ScheduleKind::OneCycle:
            if (t < kWarmupShare) return float(cosine_between(base_ / kWarmupDivisor, base_, t / kWarmupShare));
            return float(cosine_between(base_, config_.min_lr, (t - kWarmupShare) / (1 - kWarmupShare)));
    }
    return base_;
}

void LrSchedule::on_epoch_end(float val_loss) {
    if (config_.kind != ScheduleKind::ReduceOnPlateau) return;
    if (val_loss < best_loss_) {
        best_loss_ = val_loss;
        waited_ = 0;
    } else if (++waited_ >= config_.patience) {  // as Keras: after `patience` epochs without improvement
        plateau_lr_ = std::max(config_.min_lr, plateau_lr_ * config_.factor);
        waited_ = 0;
    }
}

}  // namespace dl
