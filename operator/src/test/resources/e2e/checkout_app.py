"""A checkout service stand-in with known functions, the ground truth of the end-to-end tests.

handle_by_script waits for a child process (off-CPU); checkout_total burns CPU (on-CPU).
"""
import subprocess


def handle_by_script():
    subprocess.run(["sleep", "0.05"], check=True)


def checkout_total(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def serve():
    while True:
        handle_by_script()
        checkout_total(150_000)


if __name__ == "__main__":
    serve()
