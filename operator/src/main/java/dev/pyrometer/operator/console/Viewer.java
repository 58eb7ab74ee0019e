package dev.pyrometer.operator.console;

import java.util.List;
import java.util.Map;

/**
 * Who is looking, as the API server's TokenReview named them: what SubjectAccessReviews are asked
 * about.
 */
public record Viewer(String username, String uid, List<String> groups, Map<String, List<String>> extra) {}
