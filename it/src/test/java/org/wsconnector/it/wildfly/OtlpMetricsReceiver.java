package org.wsconnector.it.wildfly;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OpenTelemetry collector on 127.0.0.1: takes OTLP/HTTP metric exports ({@code POST /v1/metrics},
 * protobuf) as WildFly's OpenTelemetry SDK pushes them and keeps the latest value of each counter and gauge series;
 * answers every other signal's export with an empty success.
 */
final class OtlpMetricsReceiver implements AutoCloseable {
    private final HttpServer server;
    /** Latest value per series, keyed "name{key=value,...}" with the attributes sorted. */
    private final Map<String, Long> latest = new ConcurrentHashMap<>();
    private volatile String lastFailure = "none";

    private OtlpMetricsReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpMetricsReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OtlpMetricsReceiver receiver = new OtlpMetricsReceiver(server);
        server.createContext("/", receiver::handle);
        server.start();
        return receiver;
    }

    /** What to set as {@code otel.exporter.otlp.endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers every export, even one it cannot read (what it could not read is kept for the failure message). */
    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try (InputStream body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                byte[] request = body.readAllBytes();
                if (exchange.getRequestURI().getPath().equals("/v1/metrics")) {
                    record(ExportMetricsServiceRequest.parseFrom(request));
                }
            } catch (IOException | RuntimeException | LinkageError unreadable) {
                lastFailure = exchange.getRequestURI() + ": " + unreadable;
            }
            byte[] answer = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private void record(ExportMetricsServiceRequest export) {
        for (ResourceMetrics resource : export.getResourceMetricsList()) {
            for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    metric.getSum().getDataPointsList().forEach(point -> record(metric.getName(), point));
                    metric.getGauge().getDataPointsList().forEach(point -> record(metric.getName(), point));
                }
            }
        }
    }

    private void record(String name, NumberDataPoint point) {
        latest.put(key(name, point.getAttributesList().stream()
                .map(attribute -> attribute.getKey() + "=" + attribute.getValue().getStringValue())
                .toArray(String[]::new)), point.getAsInt());
    }

    private static String key(String name, String... attributes) {
        return name + Arrays.stream(attributes).sorted().collect(Collectors.joining(",", "{", "}"));
    }

    /** The latest exported value of {@code name} with exactly these attributes ({@code key=value}), if any. */
    OptionalLong value(String name, String... attributes) {
        Long value = latest.get(key(name, attributes));
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** For a failure message: every series received, and the last export that could not be read. */
    @Override
    public String toString() {
        return latest + " (last unreadable export: " + lastFailure + ")";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
