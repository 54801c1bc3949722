// A fixed set of threads that run one parallel loop at a time (fork-join). The calling thread takes part,
// so a pool of size N starts N-1 threads. Threads are created once, up front: in a browser each one is a
// Web Worker, which can only be created ahead of time (a pre-sized pthread pool), never mid-computation.
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dl {

class ThreadPool {
public:
    explicit ThreadPool(int size);  // size < 1: one per hardware thread
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int size() const { return int(threads_.size()) + 1; }
    // Calls fn(i) for every i in [0, n), spread over the threads; returns when all calls have returned.
    void parallel_for(int n, const std::function<void(int)>& fn);

private:
    void worker_loop();
    void run_tasks(std::unique_lock<std::mutex>& lock);

    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable wake_, done_;
    const std::function<void(int)>* fn_ = nullptr;
    int tasks_ = 0, next_ = 0, finished_ = 0;
    long generation_ = 0;
    bool stop_ = false;
};

}  // namespace dl
