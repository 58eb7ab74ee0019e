package dev.pyrometer.kubectl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Columns padded as kubectl pads them: each as wide as its widest cell, three spaces apart. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  void add(String... cells) {
    rows.add(cells);
  }

  void print(PrintWriter out) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == columns - 1 ? row[i] : String.format("%-" + (width[i] + 3) + "s", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
