package dev.pyrometer.agent.python.tasks;

import dev.pyrometer.agent.memory.MemoryImage;
import dev.pyrometer.agent.python.layout.ObjectOffsets;
import dev.pyrometer.agent.python.objects.TypeInfo;
import dev.pyrometer.agent.python.objects.TypeKind;
import dev.pyrometer.agent.python.objects.TypeRegistry;
import dev.pyrometer.agent.memory.LongMap;

/**
 * Tells what an object is for the task reader (a coroutine, a Task, a Future, a Future's iterator),
 * by its type and its type's bases, with one answer cached per type.
 */
final class AsyncTypes {
  enum Role {
    /** coroutine, generator, async generator: has a frame to follow */
    COROUTINE,
    /** {@code async_generator_asend}: one step of {@code async for}, wraps the async generator */
    ASEND,
    /** {@code _asyncio.FutureIter}: a coroutine awaiting a Future is suspended on this */
    FUTURE_ITER,
    /** {@code asyncio.Task} (C or pure Python) or a subclass */
    TASK,
    /** {@code gather()}'s future */
    GATHERING_FUTURE,
    /** {@code asyncio.Future} (C or pure Python) or a subclass */
    FUTURE,
    OTHER
  }

  private final MemoryImage image;
  private final ObjectOffsets o;
  private final TypeRegistry types;
  private final LongMap<Role> roles = new LongMap<>();

  AsyncTypes(MemoryImage image, ObjectOffsets offsets, TypeRegistry types) {
    this.image = image;
    this.o = offsets;
    this.types = types;
  }

  TypeRegistry registry() {
    return types;
  }

  /** The role of the object at {@code object}; null when it is no valid object (freed, torn). */
  Role of(long object) {
    return ofType(types.typeOf(object));
  }

  /** The role of objects of type {@code t}; null for null. */
  Role ofType(TypeInfo t) {
    if (t == null) {
      return null;
    }
    Role cached = roles.get(t.address());
    if (cached == null) {
      cached = classify(t);
      roles.put(t.address(), cached);
    }
    return cached;
  }

  /** True for a pure-Python Task (attributes in its instance dict), false for the C {@code _asyncio.Task}. */
  boolean isPythonTask(long task) {
    TypeInfo t = types.typeOf(task);
    for (int depth = 0; t != null && depth < 32; depth++) {
      if (t.fullName().equals("_asyncio.Task")) {
        return false;
      }
      if (t.fullName().equals("asyncio.tasks.Task")) {
        return true;
      }
      t = types.resolve(image.u64(t.address() + o.typeBase));
    }
    return false;
  }

  private Role classify(TypeInfo t) {
    if (t.kind() == TypeKind.GENERATOR) {
      return Role.COROUTINE;
    }
    switch (t.fullName()) {
      case "async_generator_asend":
        return Role.ASEND;
      case "_asyncio.FutureIter":
        return Role.FUTURE_ITER;
      case "asyncio.tasks._GatheringFuture":
        return Role.GATHERING_FUTURE;
      default:
        break;
    }
    TypeInfo b = t;
    for (int depth = 0; b != null && depth < 32; depth++) {
      switch (b.fullName()) {
        case "_asyncio.Task", "asyncio.tasks.Task":
          return Role.TASK;
        case "_asyncio.Future", "asyncio.futures.Future":
          return Role.FUTURE;
        default:
          break;
      }
      b = types.resolve(image.u64(b.address() + o.typeBase));
    }
    return Role.OTHER;
  }
}
