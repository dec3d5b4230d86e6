package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class PercentilePlotTest {
    @Test
    void x_percentiles_mapToDecadesOfTheTail() {
        assertEquals(0, PercentilePlot.x(0), 1e-9);
        assertEquals(1, PercentilePlot.x(90), 1e-9);
        assertEquals(2, PercentilePlot.x(99), 1e-9);
        assertEquals(3, PercentilePlot.x(99.9), 1e-9);
        assertEquals(PercentilePlot.MAX_X, PercentilePlot.x(100), 1e-9);
    }

    @Test
    void percentileLabel_decades_readAsPercentiles() {
        assertEquals("0%", PercentilePlot.percentileLabel(0));
        assertEquals("90%", PercentilePlot.percentileLabel(1));
        assertEquals("99%", PercentilePlot.percentileLabel(2));
        assertEquals("99.99%", PercentilePlot.percentileLabel(4));
    }

    @Test
    void points_ofAHistogram_runFromLowToHighPercentilesInMs() {
        Histogram micros = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            micros.recordValue(i * 10L);
        }
        List<double[]> points = PercentilePlot.points(micros);
        assertTrue(points.size() > 10);
        assertEquals(100, points.get(points.size() - 1)[0], 1e-9);
        assertEquals(10, points.get(points.size() - 1)[1], 0.01);
        for (int i = 1; i < points.size(); i++) {
            assertTrue(points.get(i)[0] >= points.get(i - 1)[0]);
        }
    }

    @Test
    void svg_twoSeries_isWellFormedWithOneLineAndLegendEach() throws Exception {
        List<PercentilePlot.Series> series = List.of(
                new PercentilePlot.Series("bare relay <run 1>", "#1f5fbf", true,
                        List.of(new double[] {0, 0.5}, new double[] {99, 2.1}, new double[] {99.9, 3})),
                new PercentilePlot.Series("switchboard & co", "#c0392b", false,
                        List.of(new double[] {0, 1}, new double[] {99, 40}, new double[] {100, 400})));
        String svg = PercentilePlot.svg("created → push, 5000/s", series);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList lines = doc.getElementsByTagName("polyline");
        assertEquals(2, lines.getLength());
        assertEquals("6 4", ((Element) lines.item(0)).getAttribute("stroke-dasharray"));
        assertEquals(3, ((Element) lines.item(1)).getAttribute("points").split(" ").length);
        assertTrue(doc.getDocumentElement().getTextContent().contains("bare relay <run 1>"));
        assertTrue(doc.getDocumentElement().getTextContent().contains("99.9%"));
    }

    @Test
    void svg_noPoints_isStillAnEmptyPlot() throws Exception {
        String svg = PercentilePlot.svg("nothing", List.of(new PercentilePlot.Series("none", "#000", false, List.of())));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
    }
}
