package dev.headcount.engine.autograd;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The build fails when engine code hands DJL a Java number as an operand: {@code x.div(8f)},
 * {@code x.mul(0.5f)}, {@code x.clip(0, 1)}, {@code NDArrays.add(1, x)}, … DJL backs such a number
 * with a buffer the garbage collector may free while autograd still needs it (see the package
 * documentation of {@code engine.autograd}); {@link Scalars} makes the operand PyTorch's own.
 * Every Number-taking method counts, not only differentiable ones: which array may carry a gradient
 * is not visible in the bytecode, and one rule is easier to keep than a list of exceptions.
 */
class EngineArchitectureTest {

    static final DescribedPredicate<JavaMethodCall> JAVA_NUMBER_OPERAND =
            new DescribedPredicate<>("an NDArray operation with a java.lang.Number operand") {
                @Override
                public boolean test(JavaMethodCall call) {
                    var target = call.getTarget();
                    boolean onArrays = target.getOwner().isAssignableTo(NDArray.class)
                            || target.getOwner().isEquivalentTo(NDArrays.class);
                    return onArrays && target.getRawParameterTypes().stream()
                            .anyMatch(type -> type.isEquivalentTo(Number.class));
                }
            };

    static final ArchRule NO_JAVA_NUMBER_OPERANDS = noClasses()
            .should().callMethodWhere(JAVA_NUMBER_OPERAND)
            .because("DJL wraps the number in Java-owned memory that autograd may read after the garbage collector"
                    + " freed it; use dev.headcount.engine.autograd.Scalars");

    @Test
    void engineCodeNeverGivesDjlAJavaNumberAsAnOperand() {
        JavaClasses engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("dev.headcount.engine");
        assertTrue(engine.size() > 100, "the engine's classes were found (" + engine.size() + ")");
        NO_JAVA_NUMBER_OPERANDS.check(engine);
    }

    /** The rule must be able to fail: it does on the patterns that corrupted gradients. */
    @Test
    void theRuleCatchesTheOldPatterns() {
        EvaluationResult result = NO_JAVA_NUMBER_OPERANDS.evaluate(new ClassFileImporter().importClasses(OldPatterns.class));
        String report = String.join("\n", result.getFailureReport().getDetails());
        for (String call : new String[] {"div(java.lang.Number)", "mul(java.lang.Number)", "pow(java.lang.Number)",
                "clip(java.lang.Number, java.lang.Number)", "add(java.lang.Number, ai.djl.ndarray.NDArray)"}) {
            assertTrue(report.contains(call), call + " not reported:\n" + report);
        }
    }

    /** What the engine did before (attention scaling, gelu_new, the embedding clamp, a DJL helper). */
    static final class OldPatterns {
        NDArray before(NDArray x) {
            NDArray scaled = x.div(8f);
            NDArray gelu = x.pow(3).mul(0.044715f);
            NDArray clamped = x.clip(1e-12f, Float.MAX_VALUE);
            return NDArrays.add(1, scaled.add(gelu).add(clamped));
        }
    }
}
