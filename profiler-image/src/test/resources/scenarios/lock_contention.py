"""Worker threads that serialise on one lock, held while a slow update runs."""
import threading
import time

LEDGER_LOCK = threading.Lock()
LEDGER = []


def update_ledger(trade):
    time.sleep(0.005)  # a slow write while the lock is held
    LEDGER.append(trade)
    del LEDGER[:-100]


def record_trade(trade):
    with LEDGER_LOCK:  # <- blocking line
        update_ledger(trade)


def trader(name):
    n = 0
    while True:
        n += 1
        record_trade((name, n))


def main():
    threads = [threading.Thread(target=trader, args=(f"t{i}",), name=f"trader-{i}", daemon=True) for i in range(6)]
    for t in threads:
        t.start()
    print("READY", flush=True)
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()
