package dev.pyrometer.operator.schedule.insight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.operator.testing.SyntheticReports;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The insight names the largest change between two sessions' shares, in points. */
class ShareComparisonTest {

  @Test
  void aSplitMovingFrom70_30To30_70IsNamedWith40Points() {
    List<Share> before = ReportShares.parse(SyntheticReports.split(0.70, 1000)).shares();
    List<Share> after = ReportShares.parse(SyntheticReports.split(0.30, 1000)).shares();

    ShareComparison.Change largest = ShareComparison.largest(before, after).orElseThrow();

    // growth before shrinkage, causes before functions and paths on the same number of points
    assertThat(largest.share().dimension()).isEqualTo(Share.Dimension.CAUSE);
    assertThat(largest.share().subject()).isEqualTo("handle_by_query");
    assertThat(largest.points()).isCloseTo(40.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(ShareComparison.insight(before, "nightly-1", after))
        .isEqualTo("handle_by_query waits 40 points more in socket.recv than the previous session (nightly-1)");
  }

  @Test
  void theShrinkingSideIsWrittenAsLess() {
    List<Share> before = ReportShares.parse(SyntheticReports.split(0.30, 1000)).shares();
    List<Share> after = ReportShares.parse(SyntheticReports.split(0.65, 1000)).shares();

    assertThat(ShareComparison.insight(before, "nightly-1", after))
        .isEqualTo("handle_by_script waits 35 points more in subprocess.run than the previous session (nightly-1)");
    assertThat(ShareComparison.changes(before, after))
        .filteredOn(c -> c.share().dimension() == Share.Dimension.CAUSE && c.share().subject().equals("handle_by_query"))
        .singleElement()
        .satisfies(c -> assertThat(c.sentence("nightly-1"))
            .isEqualTo("handle_by_query waits 35 points less in socket.recv than the previous session (nightly-1)"));
  }

  @Test
  void somethingNewCountsFromZeroAndSomethingGoneToZero() {
    Share gc = new Share(Share.Dimension.FUNCTION, "gc.collect", "gc.collect", null, false, 0.25);
    Share old = new Share(Share.Dimension.FUNCTION, "json.dumps", "json.dumps", null, false, 0.10);

    List<ShareComparison.Change> changes = ShareComparison.changes(List.of(old), List.of(gc));

    assertThat(changes).extracting(c -> c.share().key(), c -> Math.round(c.points()))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("gc.collect", 25L), org.assertj.core.groups.Tuple.tuple("json.dumps", -10L));
    assertThat(changes.get(0).sentence("a")).isEqualTo("gc.collect takes 25 points more of the samples than the previous session (a)");
  }

  @Test
  void noChangeAboveTheNoiseIsSaidSo() {
    List<Share> before = ReportShares.parse(SyntheticReports.split(0.50, 1000)).shares();
    List<Share> after = ReportShares.parse(SyntheticReports.split(0.51, 1000)).shares();

    assertThat(ShareComparison.largest(before, after)).isEmpty();
    assertThat(ShareComparison.insight(before, "b", after)).isEqualTo("no change of 2 points or more since the previous session (b)");
  }

  @Test
  void podsAreMergedBySamples() {
    // one pod (3000 samples) all script, one pod (1000 samples) all query: 75 % script overall
    ReportShares.PodReport a = ReportShares.parse(SyntheticReports.split(1.0, 3000));
    ReportShares.PodReport b = ReportShares.parse(SyntheticReports.split(0.0, 1000));

    List<Share> merged = ReportShares.merge(List.of(a, b));

    assertThat(merged).filteredOn(s -> s.dimension() == Share.Dimension.CAUSE && s.subject().equals("handle_by_script"))
        .singleElement().satisfies(s -> assertThat(s.share()).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-9)));
  }

  @Test
  void textThatIsNotAReportIsRefusedWithAReason() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReportShares.parse("scripted report.json\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a Pyrometer report.json");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReportShares.parse("{\"heap\": {}}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not a Pyrometer report.json: no profile section");
  }
}
