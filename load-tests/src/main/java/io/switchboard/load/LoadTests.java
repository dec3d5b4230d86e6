package io.switchboard.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Arrays;

/**
 * The load-test command line: {@code java -jar load-tests.jar MODE [--option value ...]}.
 * Every mode speaks only HTTP and WebSocket to a running server (black box), except {@code jmh},
 * which runs the in-process benchmarks of the routing core. See load-tests/README.md.
 */
public final class LoadTests {
    private static final String HELP = """
            usage: java -jar load-tests/target/load-tests.jar MODE [--option value ...]

            issue 12's speed table in one command (starts fresh servers itself; run from the repository root)
              e2e             --jar target/switchboard.jar --rates 1000,5000,8000 --stores memory,file --runs 3
                              --warmup 15s --duration 20s --agents 100 --capacity 10 --handle 50ms
                              [--intake true --intake-duration 10s] [--jfr true] [--fsync-samples 1000] [--tmp DIR]
                              [--quiet-below 1.5 --quiet-wait 5m] (wait for a quiet box before each measurement)
                              [--server-jfr profile] (-XX:StartFlightRecording on Switchboard, for CPU profiles only)

            issue 14's webhook budget (fresh servers without and with two subscribers, alternating, same schedule)
              webhooks        --jar target/switchboard.jar --rate 2000 --runs 3 --store file|memory
                              [--initial-backoff 5s --connections-per-endpoint 16] [--settle 30s] [--verify-every 100]
                  [--server-jfr profile] (JFR on the with-subscribers server; read it with hot-methods)
                  [--server-jvm-options "-XX:..."] (both servers; the budget is judged without)

            servers
              bare-server     the baselines: POST /tickets, POST /relay + WS /ws/{id}, WS /echo   [--port 8090]

            against Switchboard (--url http://localhost:8080; add --baseline http://localhost:8090 for ratios)
              steady          one open-loop rate: --rate 1000 --duration 30s --warmup 5s --agents 500 --capacity 10
                              --handle 500ms --think 0ms [--auto-accept] --arrivals constant|poisson --kind e2e|intake
              ramp            steps to the maximum sustainable rate: --from 1000 --step 1000 --to 20000
                              --duration 10s (per step) --settle 2s --p99-bound 50ms
              burst           --rate (base, ~20 % of max) × --factor 10 for --burst 10s, then --after 30s
              soak            steady for --duration 30m, progress every --window 10s, server heap every --heap-every 60s
              idle-sockets    memory per agent WebSocket: --count 15000 --steps 3 --server-pid PID [--baseline-pid PID]
              waiting-tickets memory per waiting ticket: --count 100000 --steps 4 --server-pid PID (no agents online)
              echo            WebSocket round trips (presence → ack) at --rate over --sockets 100
              day             a realistic day: --profile day.json --duration 10m (or --speed N) --agents 80

            against the bare server only (--url http://localhost:8090)
              baseline-post   = steady --kind intake on POST /tickets
              baseline-relay  = steady --kind e2e on POST /relay with receiving sockets
              baseline-echo   = echo on WS /echo

            benchmarks
              jmh             the JMH benchmarks of the routing core, e.g. jmh DispatcherBenchmark -prof gc

            profiles
              hot-methods     --file switchboard-profile.jfr [--top 15] [--thread vert.x-eventloop]
                              CPU samples per method, self and total share (e2e --server-jfr profile records them);
                              [--alloc true]: allocation samples weighed by bytes instead

            results
              median          --field runs.1.latency.offer.p99Ms results/steady-*/summary.json (median over runs)

            common options: --connections 64 --event-loops 2 --seed 42 --drain 10s --server-pid PID
                            --results DIR (default load-tests/target/results)
            """;

    private LoadTests() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help")) {
            System.out.print(HELP);
            return;
        }
        String mode = argv[0];
        if (mode.equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(argv, 1, argv.length));
            return;
        }
        try {
            if (mode.equals("median")) {
                MedianTool.run(argv);
            } else if (mode.equals("e2e")) {
                E2eScenario.run(new Args(E2eScenario.withDefaults(argv), 1));
            } else if (mode.equals("webhooks")) {
                WebhookBudgetScenario.run(new Args(WebhookBudgetScenario.withDefaults(argv), 1));
            } else {
                run(mode, new Args(argv, 1));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("load-tests: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    private static void run(String mode, Args a) {
        switch (mode) {
            case "bare-server":
                bareServer(a);
                break;
            case "steady":
                SteadyScenario.run(a, mode, new Common.Preset(null, null, "30s", "1s"));
                break;
            case "soak":
                SteadyScenario.run(a, mode, new Common.Preset(null, null, "30m", "10s"));
                break;
            case "baseline-post":
                SteadyScenario.run(a, mode, new Common.Preset(Target.BARE, "intake", "30s", "1s"));
                break;
            case "baseline-relay":
                SteadyScenario.run(a, mode, new Common.Preset(Target.BARE, "e2e", "30s", "1s"));
                break;
            case "ramp":
                RampScenario.run(a);
                break;
            case "burst":
                BurstScenario.run(a);
                break;
            case "idle-sockets":
                IdleSocketsScenario.run(a);
                break;
            case "waiting-tickets":
                WaitingTicketsScenario.run(a);
                break;
            case "echo":
                EchoScenario.run(a, null);
                break;
            case "baseline-echo":
                EchoScenario.run(a, Target.BARE);
                break;
            case "day":
                DayScenario.run(a);
                break;
            case "hot-methods":
                HotMethods.run(a);
                break;
            default:
                throw new IllegalArgumentException("unknown mode '" + mode + "'; try: help");
        }
    }

    /** Runs the baseline server until killed; one verticle per core, like Switchboard. */
    private static void bareServer(Args a) {
        int port = a.integer("port", 8090);
        int instances = a.integer("instances", Runtime.getRuntime().availableProcessors());
        a.rejectUnknown();
        Vertx vertx = Vertx.vertx(new VertxOptions());
        BareServer.start(vertx, port, instances).toCompletionStage().toCompletableFuture().join();
        System.out.println("Bare baseline server listening on http://localhost:" + port);
        System.out.flush();
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
