package creditclass;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A client of the creditclass service with JDK 17's java.net.http only: the path a provincial
 * supervision platform takes — authenticate with an API token, run a month, read an enterprise's
 * class and reasons, read a month's distribution.
 */
public final class CreditclassClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    /** @param base the service, e.g. http://127.0.0.1:8080; @param token an API token's secret */
    public CreditclassClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    /** Starts a month's run and waits for it; returns the finished job (its summary holds the history head). */
    public Map<?, ?> runMonth(String period, String seed) throws IOException, InterruptedException {
        String body = seed == null ? "{}" : "{\"seed\":\"" + seed.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        Map<?, ?> job = (Map<?, ?>) send("POST", "/v1/months/" + period + "/run", body, 202);
        while ("running".equals(job.get("state"))) {
            Thread.sleep(200);
            job = (Map<?, ?>) send("GET", "/v1/jobs/" + job.get("id"), null, 200);
        }
        if (!"done".equals(job.get("state"))) throw new IOException("month " + period + " failed: " + job.get("error"));
        return job;
    }

    /** One enterprise's current class, score, reasons (zh/en), override and history. */
    public Map<?, ?> enterprise(String uscc) throws IOException, InterruptedException {
        return (Map<?, ?>) send("GET", "/v1/enterprises/" + URLEncoder.encode(uscc, StandardCharsets.UTF_8), null, 200);
    }

    /** A month's class counts by region level (province, city, county) in the token's scope. */
    public List<?> distribution(String period, String level) throws IOException, InterruptedException {
        Object answer = send("GET", "/v1/months/" + period + "/distribution?by=region&level=" + level, null, 200);
        return (List<?>) Json.get(answer, "rows");
    }

    private Object send(String method, String path, String body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body == null) request.method(method, HttpRequest.BodyPublishers.noBody());
        else request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Object json = Json.parse(response.body());
        if (response.statusCode() != expected) {
            // Every error carries the issue list: code, path and a Chinese and English message.
            Object issue = Json.get(json, "issues", 0);
            throw new IOException(method + " " + path + ": HTTP " + response.statusCode() + " " + Json.get(issue, "code") + ": " + Json.get(issue, "message", "en"));
        }
        return json;
    }
}
