package io.fmp.deploy.demo;

/** A demo step that cannot go on, with a message for the person running it. */
public final class DemoFailure extends RuntimeException {

    DemoFailure(String message) {
        super(message);
    }
}
