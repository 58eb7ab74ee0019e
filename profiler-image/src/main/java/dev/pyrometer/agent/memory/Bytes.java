package dev.pyrometer.agent.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian primitive access to byte arrays (x86-64 and aarch64 are both little-endian). */
public final class Bytes {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private Bytes() {}

  public static long getLong(byte[] b, int offset) {
    return (long) LONG.get(b, offset);
  }

  public static int getInt(byte[] b, int offset) {
    return (int) INT.get(b, offset);
  }

  public static int getUnsignedShort(byte[] b, int offset) {
    return ((short) SHORT.get(b, offset)) & 0xffff;
  }

  public static int getUnsignedByte(byte[] b, int offset) {
    return b[offset] & 0xff;
  }
}
