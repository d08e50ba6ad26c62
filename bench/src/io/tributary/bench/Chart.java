package io.tributary.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A horizontal bar chart as plain SVG, written without any external tool. */
final class Chart {

  record Bar(String label, double value, String note) {}

  private Chart() {}

  /** Bars longer than {@code scaleMax} are cut at the full width and marked with "//". */
  static void write(Path out, String title, String unit, double scaleMax, List<Bar> bars)
      throws Exception {
    int labelWidth = 250;
    int barWidth = 420;
    int row = 30;
    int top = 50;
    int width = labelWidth + barWidth + 330;
    int height = top + row * bars.size() + 40;
    double max = scaleMax > 0 ? scaleMax : 1;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" font-family=\"sans-serif\" font-size=\"13\">\n");
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append("<text x=\"10\" y=\"24\" font-size=\"16\" font-weight=\"bold\">")
        .append(xml(title))
        .append("</text>\n");
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = top + i * row;
      double v = Double.isFinite(b.value()) ? b.value() : 0;
      boolean cut = v > max;
      int w = (int) Math.round(barWidth * Math.min(v, max) / max);
      s.append("<text x=\"")
          .append(labelWidth - 8)
          .append("\" y=\"")
          .append(y + 17)
          .append("\" text-anchor=\"end\">")
          .append(xml(b.label()))
          .append("</text>\n");
      s.append("<rect x=\"")
          .append(labelWidth)
          .append("\" y=\"")
          .append(y + 4)
          .append("\" width=\"")
          .append(Math.max(w, 1))
          .append("\" height=\"")
          .append(row - 8)
          .append("\" fill=\"")
          .append(i == 0 ? "#888" : "#3a6ea5")
          .append("\"/>\n");
      if (cut) {
        s.append("<text x=\"")
            .append(labelWidth + w - 22)
            .append("\" y=\"")
            .append(y + 18)
            .append("\" fill=\"white\" font-weight=\"bold\">//</text>\n");
      }
      s.append("<text x=\"")
          .append(labelWidth + Math.max(w, 1) + 6)
          .append("\" y=\"")
          .append(y + 17)
          .append("\">")
          .append(
              xml(
                  String.format(
                      "%.2f %s%s", v, unit, b.note().isEmpty() ? "" : " (" + b.note() + ")")))
          .append("</text>\n");
    }
    s.append("<line x1=\"")
        .append(labelWidth)
        .append("\" y1=\"")
        .append(top)
        .append("\" x2=\"")
        .append(labelWidth)
        .append("\" y2=\"")
        .append(top + row * bars.size())
        .append("\" stroke=\"black\"/>\n");
    s.append("</svg>\n");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, s);
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
