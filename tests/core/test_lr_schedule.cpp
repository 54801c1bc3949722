// Learning-rate schedules against their formulas at chosen points.
#include <doctest/doctest.h>

#include <cmath>

#include "core/lr_schedule.hpp"

using dl::ScheduleKind;

TEST_CASE("schedules: constant, step, exponential, cosine, one-cycle") {
    dl::ScheduleConfig c;
    CHECK(dl::LrSchedule(c, 0.1f, 10).lr_at(7.3) == doctest::Approx(0.1));
    c.kind = ScheduleKind::StepDecay, c.factor = 0.5f, c.every = 3;
    dl::LrSchedule step(c, 0.1f, 10);
    CHECK(step.lr_at(2.9) == doctest::Approx(0.1));
    CHECK(step.lr_at(3.0) == doctest::Approx(0.05));
    CHECK(step.lr_at(6.5) == doctest::Approx(0.025));
    c.kind = ScheduleKind::Exponential, c.factor = 0.9f;
    CHECK(dl::LrSchedule(c, 0.1f, 10).lr_at(2.5) == doctest::Approx(0.1 * std::pow(0.9, 2.5)));
    c.kind = ScheduleKind::Cosine, c.min_lr = 0.0f;
    dl::LrSchedule cosine(c, 0.1f, 10);
    CHECK(cosine.lr_at(0) == doctest::Approx(0.1));
    CHECK(cosine.lr_at(5) == doctest::Approx(0.05));
    CHECK(cosine.lr_at(10) == doctest::Approx(0.0).epsilon(1e-6));
    c.kind = ScheduleKind::OneCycle, c.min_lr = 1e-5f;
    dl::LrSchedule one(c, 0.1f, 10);
    CHECK(one.lr_at(0) == doctest::Approx(0.1 / 25));
    CHECK(one.lr_at(3) == doctest::Approx(0.1));  // peak after 30%
    CHECK(one.lr_at(1.5) < 0.1);
    CHECK(one.lr_at(6.5) == doctest::Approx(1e-5 + (0.1 - 1e-5) * 0.5));
    CHECK(one.lr_at(10) == doctest::Approx(1e-5));
}

TEST_CASE("reduce on plateau: multiplies by factor after `patience` epochs without a better loss") {
    dl::ScheduleConfig c;
    c.kind = ScheduleKind::ReduceOnPlateau, c.factor = 0.1f, c.patience = 2, c.min_lr = 1e-4f;
    dl::LrSchedule s(c, 0.01f, 20);
    s.on_epoch_end(1.0f);  // best
    s.on_epoch_end(0.9f);  // better
    s.on_epoch_end(0.95f);
    CHECK(s.lr_at(3) == doctest::Approx(0.01));
    s.on_epoch_end(0.92f);  // second epoch without improvement: reduce
    CHECK(s.lr_at(4) == doctest::Approx(0.001));
    s.on_epoch_end(0.99f);
    s.on_epoch_end(0.99f);
    CHECK(s.lr_at(6) == doctest::Approx(1e-4));  // and never below min_lr
    s.on_epoch_end(0.99f);
    s.on_epoch_end(0.99f);
    CHECK(s.lr_at(8) == doctest::Approx(1e-4));
}
