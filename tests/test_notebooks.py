"""Every solution notebook runs top to bottom without an error or a line on stderr, and records
the measured results its issue asks for (COURSE_DESIGN §6)."""
import json
import math

import pytest

from autograder import course
from autograder.benchmark import execute_notebook, problems, slowest_cells


REQUIRED_METRICS = {
    "00_welcome": {"run_seconds"},
    "01_data_augmentation": {
        "baseline_native_accuracy", "baseline_upsampled_accuracy", "augmented_accuracy",
        "augmentation_gain_pp", "augmentation_gain_std_pp", "cutmix_accuracy",
        "randaugment_accuracy", "pipeline_images_per_s_inmodel", "pipeline_images_per_s_tfdata",
        "seeds", "run_seconds"},
    "02_learning_rate_schedules": {
        "constant_tuned_accuracy", "constant_peak_lr", "warmup_cosine_accuracy",
        "cosine_no_warmup_accuracy", "one_cycle_accuracy", "schedule_gain_pp",
        "schedule_gain_std_pp", "adamw_vs_l2_pp", "adamw_vs_l2_std_pp", "seeds", "run_seconds"},
    "03_knowledge_distillation": {
        "teacher_accuracy", "scratch_accuracy", "hard_label_accuracy", "distilled_accuracy",
        "distillation_gain_pp", "distillation_gain_std_pp", "soft_vs_hard_pp",
        "consistent_vs_fixed_pp", "consistent_vs_fixed_std_pp", "feature_kd_accuracy",
        "feature_kd_accuracy_std", "soft_vs_hard_std_pp", "student_params_ratio", "seeds",
        "run_seconds"},
    "04_quantization": {
        "float_size_bytes", "int8_size_ratio", "float16_size_ratio", "dynamic_size_ratio",
        "int8_accuracy_drop_pp", "int8_latency_speedup", "int_only_exact_rate",
        "int_only_max_abs_diff", "run_seconds"},
    "05_pruning": {
        "sparsity", "sparse_accuracy_drop_pp", "sparse_gzip_ratio", "structured_accuracy_drop_pp",
        "structured_latency_speedup", "sensitivity_vs_uniform_pp", "sensitivity_vs_uniform_std_pp",
        "prune_quant_gzip_ratio", "prune_quant_accuracy_drop_pp", "prune_quant_chosen_sparsity",
        "prune_quant_chosen_gzip_ratio", "prune_quant_chosen_accuracy_drop_pp",
        "sensitivity_target_sparsity", "run_seconds"},
    "06_compression_challenge": {
        "teacher_gzip_bytes", "final_gzip_bytes", "compression_ratio", "final_accuracy_drop_pp",
        "final_accuracy_drop_std_pp", "final_latency_speedup", "run_seconds"},
}


@pytest.mark.slow
@pytest.mark.parametrize("assignment", course.assignment_ids())
def test_solution_runs_clean_and_records_results(assignment, tmp_path):
    phases = {}
    nb, seconds = execute_notebook(course.SOLUTIONS / f"{assignment}.ipynb", results_dir=tmp_path,
                                   phases=phases)
    found = problems(nb)
    assert not found, "\n".join(found)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            shown = [o for o in cell.outputs if o.output_type == "execute_result"]
            assert not shown, (f"test cell {meta['grade_id']} ends with an expression whose value "
                               "nbgrader would read as a partial-credit score: end it with a statement")
    path = tmp_path / f"{assignment}.json"
    assert path.exists(), f"{assignment} did not call record_results"
    metrics = json.loads(path.read_text())
    missing = REQUIRED_METRICS[assignment] - set(metrics)
    assert not missing, f"{assignment} does not record {sorted(missing)}"
    assert all(isinstance(v, (int, float)) and math.isfinite(v) for v in metrics.values())
    for name, value in metrics.items():
        if name.endswith("_accuracy"):
            assert 0.0 <= value <= 1.0, f"{name}={value}: accuracies are fractions"
    assert seconds < 300, (f"{assignment} took {seconds:.0f} s ("
                           + ", ".join(f"{k} {v:.0f} s" for k, v in phases.items())
                           + f"); slowest cells: {slowest_cells(nb)}")
