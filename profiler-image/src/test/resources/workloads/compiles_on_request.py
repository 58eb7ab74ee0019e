# For each line read from stdin, compiles N = int(line) module snippets (one code object each), then
# prints "DONE N". Ground truth for 3.12's code-creation counter (_Py_next_func_version).
import sys

print("READY", flush=True)
for line in sys.stdin:
    n = int(line)
    for i in range(n):
        compile("x = %d" % i, "<snippet>", "exec")
    print("DONE %d" % n, flush=True)
