"""Four threads that all run Python code at once: at any moment three of them wait for the GIL."""
import threading


def crunch():
    total = 0
    while True:
        for x in range(1000):
            total += x * x  # <- hot line


def main():
    for i in range(4):
        threading.Thread(target=crunch, name=f"cruncher-{i}", daemon=True).start()
    print("READY", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
