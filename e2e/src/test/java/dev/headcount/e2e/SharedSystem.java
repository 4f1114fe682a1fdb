package dev.headcount.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link RunningSystem}, started the first time one is asked for and shared by every test of the
 * JVM; JUnit closes it (it is AutoCloseable, kept in the root context's store) after the last test.
 */
final class SharedSystem implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedSystem.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningSystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RunningSystem.class, type -> {
            try {
                return RunningSystem.start();
            } catch (Exception e) {
                throw new ParameterResolutionException("the system did not start: " + e.getMessage(), e);
            }
        }, RunningSystem.class);
    }
}
