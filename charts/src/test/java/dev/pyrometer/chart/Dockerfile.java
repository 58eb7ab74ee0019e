package dev.pyrometer.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Dockerfile read into its instructions: comments dropped, continuation lines joined. */
record Dockerfile(List<Instruction> instructions) {

    record Instruction(String keyword, String arguments) {
    }

    static Dockerfile read(Path file) {
        try {
            List<Instruction> instructions = new ArrayList<>();
            StringBuilder pending = new StringBuilder();
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                    continue;
                }
                if (trimmed.endsWith("\\")) {
                    pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                pending.append(trimmed);
                String joined = pending.toString().strip();
                pending.setLength(0);
                if (!joined.isEmpty()) {
                    int space = joined.indexOf(' ');
                    instructions.add(new Instruction(joined.substring(0, space).toUpperCase(Locale.ROOT),
                            joined.substring(space + 1).strip()));
                }
            }
            return new Dockerfile(List.copyOf(instructions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    /** The last instruction of that kind (the one in effect), or null. */
    String last(String keyword) {
        List<String> found = all(keyword);
        return found.isEmpty() ? null : found.get(found.size() - 1);
    }
}
