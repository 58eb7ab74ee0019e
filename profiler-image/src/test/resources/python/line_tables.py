# Prints, for every code object of a few stdlib modules, its raw line table and the line CPython
# itself gives to each instruction: the ground truth for the agent's line-table decoders.
# One JSON object per line: {"first": co_firstlineno, "table": hex, "size": len(co_code), "lines": [[offset, line], ...]}
import argparse, dis, email.message, json, sys, threading, types

def code_objects(code):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from code_objects(const)

def instruction_lines(code):
    if sys.version_info >= (3, 10):
        out = []
        for start, end, line in code.co_lines():
            for offset in range(start, end, 2):
                out.append([offset, line])
        return out
    starts = dict(dis.findlinestarts(code))
    out, line = [], code.co_firstlineno
    for offset in range(0, len(code.co_code), 2):
        line = starts.get(offset, line)
        out.append([offset, line])
    return out

for module in (argparse, email.message, json.decoder, threading):
    source = open(module.__file__, encoding="utf-8").read()
    for code in code_objects(compile(source, module.__file__, "exec")):
        table = code.co_lnotab if sys.version_info < (3, 10) else code.co_linetable
        print(json.dumps({"name": code.co_name, "first": code.co_firstlineno, "table": table.hex(),
                          "size": len(code.co_code), "lines": instruction_lines(code)}))
