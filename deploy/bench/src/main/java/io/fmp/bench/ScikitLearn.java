package io.fmp.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * scikit-learn's LogisticRegression on the platform's embeddings, in the same run: the vectors and
 * classes go to files (little-endian float32 / int32), Debian's python3 with python3-sklearn fits
 * on the train split and scores the test split, printing rows in the bench's table format. Missing
 * scikit-learn is reported, not hidden.
 */
final class ScikitLearn {

    private static final String SCRIPT = """
            import sys, time
            import numpy as np
            from sklearn.linear_model import LogisticRegression
            d, dims = sys.argv[1], int(sys.argv[2])
            def load(name):
                x = np.fromfile(f"{d}/{name}.x", dtype="<f4").reshape(-1, dims)
                y = np.fromfile(f"{d}/{name}.y", dtype="<i4")
                return x.astype(np.float64), y
            (xt, yt), (xv, yv), (xs, ys) = load("train"), load("validation"), load("test")
            def fit(c, x, y):
                model = LogisticRegression(C=c, max_iter=5000)
                start = time.perf_counter(); model.fit(x, y)
                return model, time.perf_counter() - start
            import sklearn
            model, seconds = fit(1.0, xt, yt)
            print(f"{'scikit-learn ' + sklearn.__version__ + ' LogisticRegression (defaults: lbfgs, C=1)':72} {seconds:10.2f} {model.score(xs, ys):8.4f}")
            grid = [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000]
            scores = {c: fit(c, xt, yt)[0].score(xv, yv) for c in grid}
            best = max(grid, key=lambda c: (scores[c], -c))
            model, seconds = fit(best, xt, yt)
            print(f"{'scikit-learn LogisticRegression, C=' + str(best) + ' (best of ' + str(grid) + ' on validation)':72} {seconds:10.2f} {model.score(xs, ys):8.4f}")
            model, seconds = fit(best, np.vstack([xt, xv]), np.concatenate([yt, yv]))
            print(f"{'scikit-learn LogisticRegression, C=' + str(best) + ', refit on train + validation':72} {seconds:10.2f} {model.score(xs, ys):8.4f}")
            """;

    private ScikitLearn() {
    }

    static void compare(float[][] train, int[] trainY, float[][] validation, int[] validationY, float[][] test,
                        int[] testY) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("head-bench-");
        write(directory, "train", train, trainY);
        write(directory, "validation", validation, validationY);
        write(directory, "test", test, testY);
        Path script = directory.resolve("sklearn_lr.py");
        Files.writeString(script, SCRIPT);
        Process python = new ProcessBuilder("/usr/bin/python3", script.toString(), directory.toString(),
                Integer.toString(train[0].length)).inheritIO().start();
        if (python.waitFor() != 0) {
            System.out.printf(Locale.ROOT, "%-72s%n", "scikit-learn: not run (apt-get install python3-sklearn)");
        }
    }

    private static void write(Path directory, String name, float[][] x, int[] y) throws IOException {
        ByteBuffer vectors = ByteBuffer.allocate(x.length * x[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : x) {
            for (float v : row) {
                vectors.putFloat(v);
            }
        }
        Files.write(directory.resolve(name + ".x"), vectors.array());
        ByteBuffer classes = ByteBuffer.allocate(y.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c : y) {
            classes.putInt(c);
        }
        Files.write(directory.resolve(name + ".y"), classes.array());
    }
}
