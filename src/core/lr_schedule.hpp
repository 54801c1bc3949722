// Learning-rate schedules. Time-based ones are functions of training progress in epochs (fractional, so
// the rate changes smoothly batch by batch); reduce-on-plateau watches the validation loss at epoch ends.
#pragma once
#include <cstdint>

namespace dl {

// Values are part of worker messages: never renumber them.
enum class ScheduleKind : uint32_t {
    Constant = 0,
    StepDecay = 1,        // x factor every `every` epochs
    Exponential = 2,      // x factor per epoch, continuously
    ReduceOnPlateau = 3,  // x factor when the validation loss has not improved for `patience` epochs
    Cosine = 4,           // cosine from the base rate down to min_lr over the run
    OneCycle = 5,         // warm up from base/25 to base over the first 30%, then cosine down to min_lr
};

struct ScheduleConfig {
    ScheduleKind kind = ScheduleKind::Constant;
    float factor = 0.5f;
    int every = 5;
    int patience = 2;
    float min_lr = 1e-6f;
};

const char* schedule_kind_name(ScheduleKind kind);

class LrSchedule {
public:
    LrSchedule(const ScheduleConfig& config, float base_lr, int epochs);
    // The rate after `progress` epochs of training.
    float lr_at(double progress) const;
    void on_epoch_end(float val_loss);

private:
    ScheduleConfig config_;
    float base_, plateau_lr_;
    int epochs_;
    float best_loss_ = 1e30f;
    int waited_ = 0;
};

}  // namespace dl
