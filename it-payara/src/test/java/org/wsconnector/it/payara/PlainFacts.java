package org.wsconnector.it.payara;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GETs a test servlet's answer: plain-text {@code key=value} lines, one per fact, after a 200. */
final class PlainFacts {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    private PlainFacts() {
    }

    static Map<String, String> get(URI uri, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
        Map<String, String> facts = new LinkedHashMap<>();
        response.body().lines().forEach(line -> {
            int equals = line.indexOf('=');
            facts.put(line.substring(0, equals), line.substring(equals + 1));
        });
        return facts;
    }
}
