// A fixed set of threads that run one parallel loop at a time (fork-join). The calling thread takes part,
// so a pool of size N starts N-1 threads. Threads are created once, up front: in a browser each one is a
// Web Worker, which can only be created ahead of time (a pre-sized pthread pool), never mid-computation.
#pragma once
#include <atomic>
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
    // Calls fn(i) for every i in [0, n), spread over at most `threads` threads (< 1: all); returns when all
    // calls have returned. Which thread runs a call never matters to the caller's results.
    void parallel_for(int n, const std::function<void(int)>& fn, int threads = 0);

private:
    void worker_loop(int index);
    void run_tasks(std::unique_lock<std::mutex>& lock);

    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable wake_, done_;
    const std::function<void(int)>* fn_ = nullptr;
    int tasks_ = 0, next_ = 0;
    int width_ = 0;  // threads taking part in the current loop, the caller's included
    // Written under mutex_, also read without it by the short spins before a wait (thread_pool.cpp).
    std::atomic<int> finished_{0};
    std::atomic<long> generation_{0};
    std::atomic<bool> stop_{false};
};

}  // namespace dl
