# A module with a non-ASCII file name and function name; it runs code compiled under an emoji file
# name, so the walker meets str objects of all three kinds (latin-1, UCS-2, UCS-4).
SOURCE = """
def 処理(stop):
    stop.wait()  # @cjk-waits
"""
namespace = {}
exec(compile(SOURCE, "ファイル📈.py", "exec"), namespace)


def función_ü(stop, ready):
    ready.append("unicode")
    namespace["処理"](stop)  # @unicode-calls-cjk
