"""A chain of calls, each of which sleeps; the deepest one sleeps longest."""
import time


def load_settings():
    time.sleep(0.01)
    return connect_backend()


def connect_backend():
    time.sleep(0.03)
    return wait_for_backend()


def wait_for_backend():
    time.sleep(0.12)  # <- blocking line
    return True


def main():
    print("READY", flush=True)
    while True:
        load_settings()


if __name__ == "__main__":
    main()
