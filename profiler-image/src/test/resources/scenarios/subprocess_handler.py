"""A request handler that runs an external command on every request and waits for it."""
import subprocess


class Processor:
    def handle_by_script(self, request_id):
        result = subprocess.run(["sleep", "0.2"], capture_output=True)  # <- blocking line
        return result.returncode

    def serve(self):
        request_id = 0
        while True:
            request_id += 1
            self.handle_by_script(request_id)


if __name__ == "__main__":
    print("READY", flush=True)
    Processor().serve()
