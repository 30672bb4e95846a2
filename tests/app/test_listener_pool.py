"""bot/listener_pool.py: Bolt's blocking listeners run off the event loop, on at most `size` threads, with
at most `running` computing at once."""
import asyncio
import threading
import time

import pytest

from bot.listener_pool import ListenerPool


def test_a_blocking_call_runs_off_the_loop_and_its_result_or_error_comes_back():
    pool = ListenerPool(2)

    async def main():
        loop_thread = threading.current_thread()
        assert await pool.run(lambda _: threading.current_thread() is not loop_thread, None)
        with pytest.raises(ZeroDivisionError):
            await pool.run(lambda n: 1 / n, 0)

    asyncio.run(main())
    pool.stop()


def test_no_more_threads_than_its_size_and_a_held_call_does_not_hold_the_loop():
    pool, release, started = ListenerPool(2), threading.Event(), []

    def held(n):
        started.append(n)
        release.wait(5)
        return n

    async def main():
        calls = [asyncio.ensure_future(pool.run(held, n)) for n in range(4)]
        for _ in range(500):  # the loop stays free while both threads are held
            if len(started) == 2:
                break
            await asyncio.sleep(0.01)
        assert len(started) == 2 and threading.active_count() <= 2 + before
        release.set()
        return await asyncio.gather(*calls)

    before = threading.active_count()
    assert asyncio.run(main()) == [0, 1, 2, 3]
    pool.stop()
    assert threading.active_count() == before


def test_a_burst_never_queues_behind_a_held_call_while_a_thread_could_start():
    """Two requests arrive together and one idle thread is there: the first takes it, the second
    gets a new thread rather than waiting behind the first (which may be waiting on Slack)."""
    pool, release = ListenerPool(4), threading.Event()

    async def main():
        await pool.run(int, 0)  # one thread, idle now
        held = asyncio.ensure_future(pool.run(lambda _: release.wait(5), None))
        quick = asyncio.ensure_future(pool.run(lambda n: n + 1, 1))
        assert await asyncio.wait_for(quick, 5) == 2 and not held.done()
        release.set()
        assert await held

    asyncio.run(main())
    pool.stop()


def test_at_most_running_listeners_compute_at_once_and_the_rest_wait_their_turn():
    """Sixteen requests at once: two compute at a time (more would only thrash the GIL), all answered."""
    pool, lock, now_running, most = ListenerPool(40, running=2, stalled_after=1.0), threading.Lock(), [0], [0]

    def computing(n):
        with lock:
            now_running[0] += 1
            most[0] = max(most[0], now_running[0])
        time.sleep(0.005)
        with lock:
            now_running[0] -= 1
        return n

    async def main():
        return await asyncio.gather(*(pool.run(computing, n) for n in range(16)))

    assert asyncio.run(main()) == list(range(16)) and most[0] == 2
    pool.stop()


def test_a_listener_waiting_on_slack_holds_the_next_up_only_until_it_counts_as_stalled():
    pool, release = ListenerPool(4, running=1, stalled_after=0.05), threading.Event()

    async def main():
        held = asyncio.ensure_future(pool.run(lambda _: release.wait(5), None))
        await asyncio.sleep(0.01)
        started = time.monotonic()
        assert await asyncio.wait_for(pool.run(lambda n: n + 1, 1), 2) == 2
        waited = time.monotonic() - started
        release.set()
        await held
        return waited

    assert asyncio.run(main()) < 1.0  # not the 5 s the held one could take
    pool.stop()
