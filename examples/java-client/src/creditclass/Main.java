package creditclass;

import java.util.List;
import java.util.Map;

/**
 * Runs the platform's path against a server: java -cp out creditclass.Main URL TOKEN PERIOD USCC.
 * The token comes from `creditclass tokens create --role admin`.
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java creditclass.Main <url> <token> <YYYY-MM> <uscc>");
            System.exit(2);
        }
        CreditclassClient client = new CreditclassClient(args[0], args[1]);
        Map<?, ?> job = client.runMonth(args[2], null);
        System.out.println("month " + args[2] + " done: history head " + Json.get(job, "summary", "head"));
        Map<?, ?> e = client.enterprise(args[3]);
        System.out.println("enterprise " + e.get("uscc") + " class " + e.get("class") + " score " + e.get("score") + " in " + e.get("period"));
        for (Object reason : (List<?>) e.get("reasons"))
            System.out.println("  reason " + Json.get(reason, "indicator") + " " + Json.get(reason, "name", "zh") + " / " + Json.get(reason, "name", "en"));
        for (Object row : client.distribution(args[2], "city"))
            System.out.println("city " + Json.get(row, "group") + " A " + num(row, "A") + " B " + num(row, "B") + " C " + num(row, "C") + " D " + num(row, "D"));
    }

    private static long num(Object row, String key) {
        return Math.round((Double) Json.get(row, key));
    }
}
