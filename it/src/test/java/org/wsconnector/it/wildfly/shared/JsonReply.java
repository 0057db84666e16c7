package org.wsconnector.it.wildfly.shared;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/** How the test WARs' servlets answer: a JSON object. Goes into the test WARs. */
public final class JsonReply {
    private JsonReply() {
    }

    public static JsonArrayBuilder array(List<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    public static void write(HttpServletResponse response, JsonObjectBuilder json) throws IOException {
        response.setContentType("application/json");
        response.getWriter().write(json.build().toString());
    }
}
