#include "thread_pool.hpp"

#include <algorithm>
#include <chrono>

namespace dl {

namespace {

// Waking a thread from a condition variable takes tens of microseconds in a browser (Atomics.wait), a
// noticeable part of a small model's training step. So a thread about to wait spins this long first: the
// next loop (for a pool thread) or the last call's end (for the caller) usually comes sooner. Both sides
// spin: softmax regression's step in WebAssembly went from about 190 to 150 us, its threads' waits from 45 to
// 10-16 us. (Spinning in the pool threads alone did not help: the caller still slept.)
constexpr auto kSpin = std::chrono::microseconds(100);

// Returns once done() is true, or kSpin later.
template <class Done>
void spin_until(Done done) {
    const auto until = std::chrono::steady_clock::now() + kSpin;
    for (int i = 1; !done(); ++i)
        if (i % 64 == 0 && std::chrono::steady_clock::now() > until) return;
}

}  // namespace

ThreadPool::ThreadPool(int size) {
    if (size < 1) size = int(std::max(1u, std::thread::hardware_concurrency()));
    for (int i = 1; i < size; ++i) threads_.emplace_back([this, i] { worker_loop(i); });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : threads_) t.join();
}

// Takes tasks until none is left; `lock` is held on entry and on return, released while a task runs.
void ThreadPool::run_tasks(std::unique_lock<std::mutex>& lock) {
    while (next_ < tasks_) {
        const int task = next_++;
        const std::function<void(int)>& fn = *fn_;
        lock.unlock();
        fn(task);
        lock.lock();
        if (++finished_ == tasks_) done_.notify_all();
    }
}

// Thread `index` (1..size-1) sits out the loops that use fewer threads than index + 1.
void ThreadPool::worker_loop(int index) {
    std::unique_lock<std::mutex> lock(mutex_);
    long seen = generation_;
    const auto woken = [&] { return stop_ || generation_ != seen; };
    for (;;) {
        lock.unlock();
        spin_until(woken);
        lock.lock();
        wake_.wait(lock, woken);
        if (stop_) return;
        seen = generation_;
        if (index < width_) run_tasks(lock);
    }
}

void ThreadPool::parallel_for(int n, const std::function<void(int)>& fn, int threads) {
    if (n <= 0) return;
    const int width = std::min(threads < 1 ? size() : std::min(threads, size()), n);
    if (width == 1) {
        for (int i = 0; i < n; ++i) fn(i);
        return;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    fn_ = &fn;
    width_ = width;
    tasks_ = n;
    next_ = finished_ = 0;
    ++generation_;
    wake_.notify_all();
    run_tasks(lock);
    const auto all_done = [&] { return finished_ == tasks_; };
    lock.unlock();
    spin_until(all_done);
    lock.lock();
    done_.wait(lock, all_done);
    fn_ = nullptr;
}

}  // namespace dl
