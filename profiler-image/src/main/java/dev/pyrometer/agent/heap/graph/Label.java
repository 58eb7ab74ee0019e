package dev.pyrometer.agent.heap.graph;

/**
 * Kinds of edge labels: how a reference path segment is named. A label is a kind plus a payload
 * (the address of a key {@code str} object, an index, or the id of an interned text); it is
 * rendered only when the folded output is written.
 */
public final class Label {
  /** The child is charged to its parent's path (a module's dict, a code object's constants). */
  public static final int COLLAPSE = 0;
  /** A module under sys.modules; payload: the key str. Rendered without a type. */
  public static final int MODULE = 1;
  /** A module global or a local variable; payload: the name str. {@code NAME (type)}. */
  public static final int NAME = 2;
  /** An attribute; payload: the name str. {@code .NAME (type)}. */
  public static final int ATTR = 3;
  /** A dict value under a str key; payload: the key str. {@code ['key'] (type)}. */
  public static final int KEY = 4;
  /** Any item of a list, set or long tuple. {@code [*] (type)}. */
  public static final int ITEMS = 5;
  /** Any value of a large dict. {@code [*values] (type)}. */
  public static final int VALUES = 6;
  /** Any key of a large dict. {@code [*keys] (type)}. */
  public static final int KEYS = 7;
  /** An item of a short tuple; payload: the index. {@code [i] (type)}. */
  public static final int INDEX = 8;
  /** A named field; payload: text id of the name. {@code .name (type)}. */
  public static final int FIELD = 9;
  /** A root or frame segment; payload: text id. Rendered as the text alone. */
  public static final int TEXT = 10;
  /** A root object named only by its type. {@code <type>}. */
  public static final int TYPE_ONLY = 11;

  /** Like {@link #COLLAPSE}, for a namespace dict (module, class, instance {@code __dict__}). */
  public static final int NAMESPACE = 12;

  /** Dicts with more entries than this are shown as {@code [*values]}/{@code [*keys]}. */
  public static final int MAX_NAMED_KEYS = 32;

  private Label() {}

  /** True for labels rendered with the child's type in parentheses. */
  public static boolean showsType(int kind) {
    return kind != MODULE && kind != TEXT && kind != COLLAPSE && kind != NAMESPACE && kind != TYPE_ONLY;
  }
}
