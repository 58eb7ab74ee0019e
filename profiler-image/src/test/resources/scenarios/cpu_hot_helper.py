"""A CPU-bound request handler whose time goes into one helper function."""


def checksum(data):
    h = 0
    for b in data: h = (h * 31 + b) & 0xFFFFFFFF  # <- hot line
    return h


def handle_request(payload):
    header = payload[:16]
    return checksum(payload), len(header)


def main():
    payload = bytes(range(256)) * 64
    print("READY", flush=True)
    while True:
        handle_request(payload)


if __name__ == "__main__":
    main()
