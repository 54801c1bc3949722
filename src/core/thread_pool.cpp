#include "thread_pool.hpp"

namespace dl {

ThreadPool::ThreadPool(int size) {
    if (size < 1) size = int(std::max(1u, std::thread::hardware_concurrency()));
    for (int i = 1; i < size; ++i) threads_.emplace_back([this] { worker_loop(); });
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

void ThreadPool::worker_loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    long seen = generation_;
    for (;;) {
        wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        run_tasks(lock);
    }
}

void ThreadPool::parallel_for(int n, const std::function<void(int)>& fn) {
    if (n <= 0) return;
    if (threads_.empty() || n == 1) {
        for (int i = 0; i < n; ++i) fn(i);
        return;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    fn_ = &fn;
    tasks_ = n;
    next_ = finished_ = 0;
    ++generation_;
    wake_.notify_all();
    run_tasks(lock);
    done_.wait(lock, [&] { return finished_ == tasks_; });
    fn_ = nullptr;
}

}  // namespace dl
