"""Plausible wrong answers to the 03_knowledge_distillation exercises, and correct ones written
differently. Each wrong answer breaks one promise of its statement and must lose points in that
exercise's own tests ("replace": the whole answer cell; "edit": text substitutions in the solution's
cell)."""

SOFTMAX = "test_softmax_with_temperature_"
SOFT = "test_soft_target_loss_"
GRAD = "test_soft_gradient_norm_"
LOSS = "test_distillation_loss_"
TARGETS = "test_teacher_targets_"
DISTILLER = "test_Distiller_"
VIEW = "test_consistent_view_"
HINT = "test_hint_loss_"
CHOOSE = "test_choose_on_validation_"


def _cell(signature: str, body: str) -> str:
    return signature + "\n" + body


def _softmax(body):
    return {"softmax_with_temperature": _cell("def softmax_with_temperature(logits, temperature):", body)}


def _soft(body):
    return {"soft_target_loss": _cell("def soft_target_loss(teacher_logits, student_logits, temperature):",
                                      body)}


def _grad(body):
    return {"soft_gradient_norm": _cell(
        "def soft_gradient_norm(teacher_logits, student_logits, temperature, t_squared=True):", body)}


def _loss(body):
    return {"distillation_loss": _cell(
        "def distillation_loss(labels, teacher_logits, student_logits, temperature, alpha):", body)}


def _targets(body):
    return {"teacher_targets": _cell("def teacher_targets(teacher, x, temperature):", body)}


def _view(body):
    return {"consistent_view": _cell("def consistent_view(teacher, augment, x, y):", body)}


def _hint(body):
    return {"hint_loss": _cell("def hint_loss(student_features, teacher_features, projection):", body)}


def _choose(body):
    return {"choose_on_validation": _cell("def choose_on_validation(train_fn, settings, split, seeds):",
                                          body)}


_KL_BODY = (
    "    T = float(temperature)\n"
    "    t = ops.convert_to_tensor(teacher_logits, dtype='float32') / T\n"
    "    s = ops.convert_to_tensor(student_logits, dtype='float32') / T\n"
    "    log_p = ops.log_softmax(t, axis=-1)\n"
    "    log_q = ops.log_softmax(s, axis=-1)\n")

_CHOOSE_LOOP = (
    "    means, runs = [], []\n"
    "    for setting in settings:\n"
    "        scores = []\n"
    "        for seed in seeds:\n"
    "            model = train_fn(setting, seed)\n"
    "            logits = np.asarray(model(split.{x}, training=False))\n"
    "            scores.append(float(np.mean(np.argmax(logits, axis=-1) == split.{y})))\n"
    "        means.append(float(np.mean(scores)))\n"
    "        runs.append(max(scores))\n")

WRONG_ANSWERS = {
    # --- exercise 1: softmax_with_temperature -------------------------------------------------
    "softmax_overflows": {
        "breaks": "stable for large logits",
        "replace": _softmax("    z = ops.convert_to_tensor(logits, dtype='float32') / temperature\n"
                            "    e = ops.exp(z)\n"
                            "    return e / ops.sum(e, axis=-1, keepdims=True)\n"),
        "must_lose": [SOFTMAX + "hidden"],
    },
    "softmax_temperature_on_probabilities": {
        "breaks": "softmax(logits / temperature): the temperature divides the logits",
        "replace": _softmax("    p = ops.softmax(ops.convert_to_tensor(logits, dtype='float32'), axis=-1)\n"
                            "    return ops.softmax(p / temperature, axis=-1)\n"),
        "must_lose": [SOFTMAX + "visible", SOFTMAX + "hidden"],
    },
    "softmax_over_first_axis": {
        "breaks": "over the last axis",
        "edit": {"softmax_with_temperature": [
            ("z - ops.max(z, axis=-1, keepdims=True)", "z - ops.max(z, axis=0, keepdims=True)"),
            ("e / ops.sum(e, axis=-1, keepdims=True)", "e / ops.sum(e, axis=0, keepdims=True)")]},
        "must_lose": [SOFTMAX + "visible", SOFTMAX + "hidden"],
    },
    "softmax_float64": {
        "breaks": "returns a float32 tensor or array",
        "replace": _softmax("    z = np.asarray(logits, dtype=np.float64) / temperature\n"
                            "    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
                            "    return e / e.sum(axis=-1, keepdims=True)\n"),
        "must_lose": [SOFTMAX + "visible", SOFTMAX + "hidden"],
    },
    "softmax_keeps_input_dtype": {
        "breaks": "logits of floats (any precision) or integers; returns float32",
        "edit": {"softmax_with_temperature": [
            ('ops.convert_to_tensor(logits, dtype="float32")', "ops.convert_to_tensor(logits)")]},
        "must_lose": [SOFTMAX + "hidden"],
    },
    "softmax_float16_arithmetic": {
        "breaks": "computes in float32 or wider (never in float16)",
        "replace": _softmax("    z = ops.convert_to_tensor(logits)\n"
                            "    if 'float' not in str(z.dtype):\n"
                            "        z = ops.cast(z, 'float32')\n"
                            "    z = z / ops.cast(temperature, z.dtype)\n"
                            "    z = z - ops.max(z, axis=-1, keepdims=True)\n"
                            "    e = ops.exp(z)\n"
                            "    return ops.cast(e / ops.sum(e, axis=-1, keepdims=True), 'float32')\n"),
        "must_lose": [SOFTMAX + "hidden"],
    },
    # --- exercise 2: soft_target_loss ---------------------------------------------------------
    "missing_t_squared": {
        "breaks": "T^2 * mean over the batch of KL",
        "edit": {"soft_target_loss": [("return T ** 2 * ops.mean(kl)", "return ops.mean(kl)")]},
        "must_lose": [SOFT + "visible", SOFT + "hidden"],
    },
    "kl_wrong_direction": {
        "breaks": "KL(softmax(teacher/T) || softmax(student/T)): the teacher first",
        "edit": {"soft_target_loss": [("ops.exp(log_p) * (log_p - log_q)",
                                       "ops.exp(log_q) * (log_q - log_p)")]},
        "must_lose": [SOFT + "visible", SOFT + "hidden"],
    },
    "probabilities_as_logits": {
        "breaks": "the temperature divides the logits",
        "replace": _soft("    T = float(temperature)\n"
                         "    t = ops.softmax(ops.convert_to_tensor(teacher_logits, dtype='float32')) / T\n"
                         "    s = ops.softmax(ops.convert_to_tensor(student_logits, dtype='float32')) / T\n"
                         "    log_p = ops.log_softmax(t, axis=-1)\n"
                         "    log_q = ops.log_softmax(s, axis=-1)\n"
                         "    return T ** 2 * ops.mean(ops.sum(ops.exp(log_p) * (log_p - log_q), axis=-1))\n"),
        "must_lose": [SOFT + "visible", SOFT + "hidden"],
    },
    "kl_summed_over_batch": {
        "breaks": "mean over the batch",
        "edit": {"soft_target_loss": [("return T ** 2 * ops.mean(kl)", "return T ** 2 * ops.sum(kl)")]},
        "must_lose": [SOFT + "visible", SOFT + "hidden"],
    },
    "keras_kldivergence_clips": {
        "breaks": "exact for logits as large as +-500 (no clipping)",
        "replace": _soft("    T = float(temperature)\n"
                         "    p = ops.softmax(ops.convert_to_tensor(teacher_logits, dtype='float32') / T)\n"
                         "    q = ops.softmax(ops.convert_to_tensor(student_logits, dtype='float32') / T)\n"
                         "    return T ** 2 * keras.losses.KLDivergence()(p, q)\n"),
        "must_lose": [SOFT + "hidden"],
    },
    "log_of_softmax": {
        "breaks": "exact for logits as large as +-500",
        "replace": _soft("    T = float(temperature)\n"
                         "    p = ops.softmax(ops.convert_to_tensor(teacher_logits, dtype='float32') / T)\n"
                         "    q = ops.softmax(ops.convert_to_tensor(student_logits, dtype='float32') / T)\n"
                         "    return T ** 2 * ops.mean(ops.sum(p * (ops.log(p) - ops.log(q)), axis=-1))\n"),
        "must_lose": [SOFT + "hidden"],
    },
    "numpy_loss": {
        "breaks": "a float32 scalar tensor, differentiable in student_logits",
        "replace": _soft("    T = float(temperature)\n"
                         "    t = np.asarray(teacher_logits, dtype=np.float64) / T\n"
                         "    s = np.asarray(student_logits, dtype=np.float64) / T\n"
                         "    log_p = t - t.max(-1, keepdims=True)\n"
                         "    log_p = log_p - np.log(np.exp(log_p).sum(-1, keepdims=True))\n"
                         "    log_q = s - s.max(-1, keepdims=True)\n"
                         "    log_q = log_q - np.log(np.exp(log_q).sum(-1, keepdims=True))\n"
                         "    return T ** 2 * np.mean(np.sum(np.exp(log_p) * (log_p - log_q), -1))\n"),
        "must_lose": [SOFT + "visible"],
    },
    "soft_loss_keeps_input_dtype": {
        "breaks": "logits of any float dtype, computed in float32; returns a float32 scalar",
        "edit": {"soft_target_loss": [
            ('ops.convert_to_tensor(teacher_logits, dtype="float32")', "ops.convert_to_tensor(teacher_logits)"),
            ('ops.convert_to_tensor(student_logits, dtype="float32")', "ops.convert_to_tensor(student_logits)")]},
        "must_lose": [SOFT + "hidden"],
    },
    # --- exercise 3: soft_gradient_norm -------------------------------------------------------
    "gradient_wrt_teacher": {
        "breaks": "the gradient with respect to the student's logits",
        "replace": _grad("    t = tf.convert_to_tensor(teacher_logits, dtype=tf.float32)\n"
                         "    with tf.GradientTape() as tape:\n"
                         "        tape.watch(t)\n"
                         "        loss = soft_target_loss(t, student_logits, temperature)\n"
                         "        if not t_squared:\n"
                         "            loss = loss / temperature ** 2\n"
                         "    return float(tf.norm(tape.gradient(loss, t)))\n"),
        "must_lose": [GRAD + "visible", GRAD + "hidden"],
    },
    "gradient_ignores_t_squared_flag": {
        "breaks": "with t_squared=False the loss is KL alone",
        "edit": {"soft_gradient_norm": [("        if not t_squared:\n            loss = loss / temperature ** 2\n",
                                         "")]},
        "must_lose": [GRAD + "visible", GRAD + "hidden"],
    },
    "gradient_divides_by_t": {
        "breaks": "with t_squared=False the loss is soft_target_loss / T^2",
        "edit": {"soft_gradient_norm": [("loss = loss / temperature ** 2", "loss = loss / temperature")]},
        "must_lose": [GRAD + "visible", GRAD + "hidden"],
    },
    "gradient_returns_tensor": {
        "breaks": "as a Python float",
        "edit": {"soft_gradient_norm": [("return float(tf.norm(tape.gradient(loss, s)))",
                                         "return tf.norm(tape.gradient(loss, s))")]},
        "must_lose": [GRAD + "visible"],
    },
    "gradient_mean_of_row_norms": {
        "breaks": "L2 norm over all N*K entries",
        "edit": {"soft_gradient_norm": [("return float(tf.norm(tape.gradient(loss, s)))",
                                         "return float(tf.reduce_mean(tf.norm(tape.gradient(loss, s), axis=-1)))")]},
        "must_lose": [GRAD + "visible", GRAD + "hidden"],
    },
    "gradient_through_keras_kldivergence": {
        "breaks": "exact for logits as large as +-500, like soft_target_loss",
        "replace": _grad("    s = tf.constant(student_logits, tf.float32)\n"
                         "    with tf.GradientTape() as tape:\n"
                         "        tape.watch(s)\n"
                         "        p = tf.nn.softmax(tf.constant(teacher_logits, tf.float32) / temperature)\n"
                         "        q = tf.nn.softmax(s / temperature)\n"
                         "        loss = keras.losses.KLDivergence()(p, q)\n"
                         "        if t_squared:\n"
                         "            loss = loss * temperature ** 2\n"
                         "    return float(tf.norm(tape.gradient(loss, s)))\n"),
        "must_lose": [GRAD + "hidden"],
    },
    # --- exercise 4: distillation_loss --------------------------------------------------------
    "alpha_swapped": {
        "breaks": "alpha weights the cross-entropy with the labels",
        "edit": {"distillation_loss": [("return alpha * hard + (1.0 - alpha) * soft",
                                        "return (1.0 - alpha) * hard + alpha * soft")]},
        "must_lose": [LOSS + "visible", LOSS + "hidden"],
    },
    "hard_loss_at_temperature": {
        "breaks": "CE at temperature 1",
        "edit": {"distillation_loss": [("labels, student_logits, from_logits=True))",
                                        "labels, student_logits / temperature, from_logits=True))")]},
        "must_lose": [LOSS + "hidden"],
    },
    "cross_entropy_on_probabilities": {
        "breaks": "CE(labels, student) of the student's logits",
        "edit": {"distillation_loss": [("labels, student_logits, from_logits=True))",
                                        "labels, student_logits))")]},
        "must_lose": [LOSS + "visible", LOSS + "hidden"],
    },
    "cross_entropy_summed": {
        "breaks": "CE ... mean over the batch",
        "edit": {"distillation_loss": [("hard = ops.mean(keras.losses", "hard = ops.sum(keras.losses")]},
        "must_lose": [LOSS + "visible", LOSS + "hidden"],
    },
    "alpha_zero_as_missing": {
        "breaks": "alpha in [0, 1]: alpha = 0 keeps only the soft term",
        "edit": {"distillation_loss": [("    ### BEGIN SOLUTION\n",
                                        "    ### BEGIN SOLUTION\n    alpha = alpha or 0.5\n")]},
        "must_lose": [LOSS + "visible"],
    },
    "distillation_loss_keeps_float64": {
        "breaks": "logits of any float dtype, computed in float32; returns a float32 scalar",
        "edit": {"distillation_loss": [
            ('    student_logits = ops.convert_to_tensor(student_logits, dtype="float32")\n', "")]},
        "must_lose": [LOSS + "hidden"],
    },
    "cross_entropy_of_clipped_probabilities": {
        "breaks": "CE from the logits, exact for confident logits (no clipped probabilities)",
        # tf.nn.softmax: Keras' own ops.softmax tags its output with the logits, and Keras losses
        # then use those logits (exact) even with from_logits=False.
        "edit": {"distillation_loss": [("labels, student_logits, from_logits=True))",
                                        "labels, tf.nn.softmax(student_logits)))")]},
        "must_lose": [LOSS + "hidden"],
    },
    # --- exercise 5: teacher_targets ----------------------------------------------------------
    "teacher_targets_training_mode": {
        "breaks": "the teacher runs in inference mode",
        "edit": {"teacher_targets": [("teacher(x, training=False)", "teacher(x, training=True)")]},
        "must_lose": [TARGETS + "visible", TARGETS + "hidden"],
    },
    "teacher_targets_tensors": {
        "breaks": "both as NumPy arrays",
        "replace": _targets("    logits = teacher(x, training=False)\n"
                            "    soft = softmax_with_temperature(logits, temperature)\n"
                            "    hard = ops.argmax(logits, axis=-1)\n"
                            "    return soft, hard\n"),
        "must_lose": [TARGETS + "visible"],
    },
    "teacher_targets_float64": {
        "breaks": "soft targets as a float32 NumPy array",
        "edit": {"teacher_targets": [("dtype=np.float32)", "dtype=np.float64)")]},
        "must_lose": [TARGETS + "visible"],
    },
    "teacher_targets_ignore_temperature": {
        "breaks": "softmax(teacher logits / T)",
        "edit": {"teacher_targets": [("softmax_with_temperature(logits, temperature)",
                                      "softmax_with_temperature(logits, 1.0)")]},
        "must_lose": [TARGETS + "visible", TARGETS + "hidden"],
    },
    "teacher_targets_unshifted_exp": {
        "breaks": "stable for confident teachers",
        "replace": _targets("    logits = teacher.predict(x, verbose=0)\n"
                            "    e = np.exp(logits / temperature)\n"
                            "    soft = (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)\n"
                            "    return soft, np.argmax(logits, axis=-1)\n"),
        "must_lose": [TARGETS + "hidden"],
    },
    "teacher_targets_first_batch_only": {
        "breaks": "for a batch x of any size N: soft (N, K), hard (N,)",
        "edit": {"teacher_targets": [("teacher(x, training=False)", "teacher(x[:32], training=False)")]},
        "must_lose": [TARGETS + "hidden"],
    },
    "teacher_targets_freezes_teacher": {
        "breaks": "the teacher is left unchanged (weights, trainable flag)",
        "edit": {"teacher_targets": [("    ### BEGIN SOLUTION\n",
                                      "    ### BEGIN SOLUTION\n    teacher.trainable = False\n")]},
        "must_lose": [TARGETS + "hidden"],
    },
    # --- exercise 6: Distiller ----------------------------------------------------------------
    "distiller_teacher_training_mode": {
        "breaks": "the teacher always runs in inference mode",
        "edit": {"Distiller": [("self.teacher(x, training=False)", "self.teacher(x, training=True)")]},
        "must_lose": [DISTILLER + "hidden"],
    },
    "distiller_teacher_follows_training_flag": {
        "breaks": "the teacher always runs in inference mode, even while training",
        "edit": {"Distiller": [("self.teacher(x, training=False)", "self.teacher(x, training=training)")]},
        "must_lose": [DISTILLER + "hidden"],
    },
    "distiller_teacher_trainable": {
        "breaks": "the teacher is frozen",
        "edit": {"Distiller": [("self.teacher.trainable = False", "pass")]},
        "must_lose": [DISTILLER + "visible"],
    },
    "distiller_ignores_teacher": {
        "breaks": "the loss contains the soft-target term (the copied answer computes it and drops it)",
        "edit": {"Distiller": [("total = self.alpha * student_loss + (1.0 - self.alpha) * soft_loss",
                                "total = student_loss")]},
        "must_lose": [DISTILLER + "hidden"],
    },
    "distiller_probabilities_as_logits": {
        "breaks": "the soft-target loss of the student's logits",
        "edit": {"Distiller": [("soft_target_loss(teacher_logits, y_pred,",
                                "soft_target_loss(teacher_logits, ops.softmax(y_pred),")]},
        "must_lose": [DISTILLER + "hidden"],
    },
    "distiller_drops_own_losses": {
        "breaks": "plus the model's own losses (self.losses)",
        "edit": {"Distiller": [("        for extra in self.losses:", "        for extra in []:")]},
        "must_lose": [DISTILLER + "hidden"],
    },
    "distiller_ignores_sample_weight": {
        "breaks": "compute_loss raises ValueError when it receives sample weights",
        "edit": {"Distiller": [("            raise ValueError(", "            pass  # ValueError(")]},
        "must_lose": [DISTILLER + "visible", DISTILLER + "hidden"],
    },
    "distiller_default_temperature": {
        "breaks": "defaults temperature=4.0, alpha=0.5",
        "edit": {"Distiller": [("temperature=4.0, alpha=0.5, **kwargs", "temperature=2.0, alpha=0.5, **kwargs")]},
        "must_lose": [DISTILLER + "hidden"],
    },
    "distiller_alpha_zero_as_missing": {
        "breaks": "alpha = 0 is a valid weight",
        "edit": {"Distiller": [("self.alpha = float(alpha)", "self.alpha = float(alpha or 0.5)")]},
        "must_lose": [DISTILLER + "hidden"],
    },
    "distiller_recomputes_student": {
        "breaks": "the student's logits are the y_pred that compute_loss receives: do not call the student again",
        "edit": {"Distiller": [
            ("        teacher_logits = self.teacher(x, training=False)  # inference mode, even while training\n",
             "        teacher_logits = self.teacher(x, training=False)  # inference mode, even while training\n"
             "        y_pred = self.student(x, training=False)\n")]},
        "must_lose": [DISTILLER + "hidden"],
    },
    "distiller_adds_student_losses_only": {
        "breaks": "plus the model's own losses self.losses (also what a subclass adds with add_loss)",
        "edit": {"Distiller": [("        for extra in self.losses:", "        for extra in self.student.losses:")]},
        "must_lose": [DISTILLER + "hidden"],
    },
    # --- exercise 7: consistent_view ----------------------------------------------------------
    "teacher_labels_clean_image": {
        "breaks": "the teacher's outputs on exactly that view",
        "edit": {"consistent_view": [("teacher(view, training=False)", "teacher(x, training=False)")]},
        "must_lose": [VIEW + "visible", VIEW + "hidden"],
    },
    "two_independent_views": {
        "breaks": "one augmented view (call augment once)",
        "edit": {"consistent_view": [("teacher(view, training=False)", "teacher(augment(x), training=False)")]},
        "must_lose": [VIEW + "visible", VIEW + "hidden"],
    },
    "view_teacher_training_mode": {
        "breaks": "the teacher runs in inference mode",
        "edit": {"consistent_view": [("teacher(view, training=False)", "teacher(view, training=True)")]},
        "must_lose": [VIEW + "visible", VIEW + "hidden"],
    },
    "view_numpy_logits": {
        "breaks": "works inside tf.data.Dataset.map / tf.function (no NumPy)",
        "edit": {"consistent_view": [("teacher_logits = teacher(view, training=False)",
                                      "teacher_logits = np.asarray(teacher(view, training=False))")]},
        "must_lose": [VIEW + "hidden"],
    },
    "view_relabels_with_argmax": {
        "breaks": "y passed through unchanged",
        "edit": {"consistent_view": [("return view, (y, teacher_logits)",
                                      "return view, (ops.argmax(teacher_logits, axis=-1), teacher_logits)")]},
        "must_lose": [VIEW + "visible"],
    },
    "view_casts_labels_int32": {
        "breaks": "y passed through unchanged (same values, same dtype)",
        "edit": {"consistent_view": [("return view, (y, teacher_logits)",
                                      "return view, (tf.cast(y, tf.int32), teacher_logits)")]},
        "must_lose": [VIEW + "hidden"],
    },
    "view_casts_labels_float": {
        "breaks": "y passed through unchanged (same values, same dtype)",
        "edit": {"consistent_view": [("return view, (y, teacher_logits)",
                                      "return view, (tf.cast(y, tf.float32), teacher_logits)")]},
        "must_lose": [VIEW + "visible", VIEW + "hidden"],
    },
    # --- exercise 8: hint_loss ----------------------------------------------------------------
    "hint_summed": {
        "breaks": "mean over all N * d_t entries",
        "edit": {"hint_loss": [("return ops.mean(ops.square(mapped - target))",
                                "return ops.sum(ops.square(mapped - target))")]},
        "must_lose": [HINT + "visible", HINT + "hidden"],
    },
    "hint_summed_over_features": {
        "breaks": "mean over all entries, not a sum over features",
        "edit": {"hint_loss": [("return ops.mean(ops.square(mapped - target))",
                                "return ops.mean(ops.sum(ops.square(mapped - target), axis=-1))")]},
        "must_lose": [HINT + "visible", HINT + "hidden"],
    },
    "hint_fitnets_half": {
        "breaks": "the mean squared error (not FitNets' 1/2 factor)",
        "edit": {"hint_loss": [("return ops.mean(ops.square(mapped - target))",
                                "return 0.5 * ops.mean(ops.square(mapped - target))")]},
        "must_lose": [HINT + "visible", HINT + "hidden"],
    },
    "hint_gradient_into_teacher": {
        "breaks": "no gradient may reach teacher_features",
        "edit": {"hint_loss": [("target = ops.stop_gradient(ops.convert_to_tensor(teacher_features, dtype=\"float32\"))",
                                "target = ops.convert_to_tensor(teacher_features, dtype=\"float32\")")]},
        "must_lose": [HINT + "visible", HINT + "hidden"],
    },
    "hint_projects_teacher": {
        "breaks": "projection maps the student's features (d_s -> d_t)",
        "replace": _hint("    target = projection(ops.stop_gradient(ops.convert_to_tensor(teacher_features, 'float32')))\n"
                         "    return ops.mean(ops.square(ops.convert_to_tensor(student_features, 'float32') - target))\n"),
        "must_lose": [HINT + "visible", HINT + "hidden"],
    },
    "hint_keeps_teacher_dtype": {
        "breaks": "features of any float dtype, computed in float32; returns a float32 scalar",
        "replace": _hint("    return ops.mean(ops.square(projection(student_features)\n"
                         "                               - ops.stop_gradient(teacher_features)))\n"),
        "must_lose": [HINT + "hidden"],
    },
    # --- exercise 9: choose_on_validation -----------------------------------------------------
    "chooses_on_test": {
        "breaks": "accuracy on split.x_val / split.y_val, never the test set",
        "replace": _choose(_CHOOSE_LOOP.format(x="x_test", y="y_test")
                           + "    return settings[int(np.argmax(means))], means\n"),
        "must_lose": [CHOOSE + "visible"],
    },
    "chooses_on_train": {
        "breaks": "accuracy on the validation split, not the training images",
        "replace": _choose(_CHOOSE_LOOP.format(x="x_train", y="y_train")
                           + "    return settings[int(np.argmax(means))], means\n"),
        "must_lose": [CHOOSE + "visible"],
    },
    "best_single_run": {
        "breaks": "the best MEAN accuracy over the seeds",
        "replace": _choose(_CHOOSE_LOOP.format(x="x_val", y="y_val")
                           + "    return settings[int(np.argmax(runs))], means\n"),
        "must_lose": [CHOOSE + "hidden"],
    },
    "first_seed_only": {
        "breaks": "trains exactly once per (setting, seed)",
        "replace": _choose(_CHOOSE_LOOP.format(x="x_val", y="y_val").replace("for seed in seeds:",
                                                                             "for seed in seeds[:1]:")
                           + "    return settings[int(np.argmax(means))], means\n"),
        "must_lose": [CHOOSE + "visible", CHOOSE + "hidden"],
    },
    "last_tie_wins": {
        "breaks": "a tie goes to the earliest setting",
        "replace": _choose(_CHOOSE_LOOP.format(x="x_val", y="y_val")
                           + "    best = max(range(len(means)), key=lambda i: (means[i], i))\n"
                           "    return settings[best], means\n"),
        "must_lose": [CHOOSE + "hidden"],
    },
    "accuracy_in_percent": {
        "breaks": "one mean accuracy (a fraction) per setting",
        "replace": _choose(_CHOOSE_LOOP.format(x="x_val", y="y_val")
                           + "    return settings[int(np.argmax(means))], [100.0 * m for m in means]\n"),
        "must_lose": [CHOOSE + "visible", CHOOSE + "hidden"],
    },
    "median_over_seeds": {
        "breaks": "each setting's mean over the seeds (the arithmetic mean, not the median)",
        "replace": _choose(_CHOOSE_LOOP.format(x="x_val", y="y_val").replace(
            "means.append(float(np.mean(scores)))", "means.append(float(np.median(scores)))")
            + "    return settings[int(np.argmax(means))], means\n"),
        "must_lose": [CHOOSE + "hidden"],
    },
    "scores_in_training_mode": {
        "breaks": "scores each model in inference mode",
        "replace": _choose(_CHOOSE_LOOP.format(x="x_val", y="y_val").replace("training=False",
                                                                             "training=True")
                           + "    return settings[int(np.argmax(means))], means\n"),
        "must_lose": [CHOOSE + "hidden"],
    },
    "settings_as_dict_keys": {
        "breaks": "settings may be unhashable (dicts)",
        "replace": _choose("    scores = {setting: [] for setting in settings}\n"
                           "    for setting in settings:\n"
                           "        for seed in seeds:\n"
                           "            logits = np.asarray(train_fn(setting, seed)(split.x_val, training=False))\n"
                           "            scores[setting].append(float(np.mean(np.argmax(logits, -1) == split.y_val)))\n"
                           "    means = [float(np.mean(scores[s])) for s in settings]\n"
                           "    return settings[int(np.argmax(means))], means\n"),
        "must_lose": [CHOOSE + "hidden"],
    },
    "rounded_means_compared": {
        "breaks": "the best mean, compared exactly (no rounding)",
        "replace": _choose(_CHOOSE_LOOP.format(x="x_val", y="y_val")
                           + "    return settings[int(np.argmax([round(m, 2) for m in means]))], means\n"),
        "must_lose": [CHOOSE + "hidden"],
    },
    "reads_training_split": {
        "breaks": "reads only split.x_val and split.y_val",
        "replace": _choose("    n_train = len(split.x_train)   # only to print it\n"
                           + _CHOOSE_LOOP.format(x="x_val", y="y_val")
                           + "    return settings[int(np.argmax(means))], means\n"),
        "must_lose": [CHOOSE + "hidden"],
    },
}

RIGHT_ANSWERS = {
    "library_softmax_and_closed_form": {
        "why": "tf.nn.softmax after a float32 cast; soft loss as cross-entropy minus the teacher's "
               "entropy; the gradient norm from the closed form T (q - p) / N in NumPy",
        "replace": {
            **_softmax("    return tf.nn.softmax(tf.cast(logits, tf.float32) / float(temperature), axis=-1)\n"),
            **_soft("    T = float(temperature)\n"
                    "    t = tf.cast(teacher_logits, tf.float32) / T\n"
                    "    s = tf.cast(student_logits, tf.float32) / T\n"
                    "    p, log_p = tf.nn.softmax(t), tf.nn.log_softmax(t)\n"
                    "    cross = tf.nn.softmax_cross_entropy_with_logits(labels=p, logits=s)\n"
                    "    entropy = -tf.reduce_sum(p * log_p, axis=-1)\n"
                    "    return T * T * tf.reduce_mean(cross - entropy)\n"),
            **_grad("    t = np.asarray(teacher_logits, np.float64) / temperature\n"
                    "    s = np.asarray(student_logits, np.float64) / temperature\n"
                    "    p = np.exp(t - t.max(-1, keepdims=True)); p /= p.sum(-1, keepdims=True)\n"
                    "    q = np.exp(s - s.max(-1, keepdims=True)); q /= q.sum(-1, keepdims=True)\n"
                    "    g = temperature * (q - p) / len(t)\n"
                    "    if not t_squared:\n"
                    "        g = g / temperature ** 2\n"
                    "    return float(np.linalg.norm(g))\n"),
            **_loss("    student_logits = ops.cast(student_logits, 'float32')\n"
                    "    K = ops.shape(student_logits)[-1]\n"
                    "    one_hot = ops.one_hot(ops.convert_to_tensor(labels), K)\n"
                    "    hard = keras.losses.CategoricalCrossentropy(from_logits=True)(one_hot, student_logits)\n"
                    "    return alpha * hard + (1 - alpha) * soft_target_loss(teacher_logits, student_logits, temperature)\n"),
            **_targets("    logits = teacher.predict(x, verbose=0)\n"
                       "    soft = np.asarray(softmax_with_temperature(logits, temperature)).astype(np.float32)\n"
                       "    return soft, np.argmax(soft, axis=1)\n"),
            **_view("    view = tf.convert_to_tensor(augment(x))\n"
                    "    return view, (tf.identity(y), tf.stop_gradient(teacher(view, training=False)))\n"),
            **_hint("    mse = keras.losses.MeanSquaredError()\n"
                    "    return mse(ops.stop_gradient(teacher_features), projection(student_features))\n"),
            **_choose("    def val_accuracy(model):\n"
                      "        predicted = np.argmax(model.predict(split.x_val, verbose=0), axis=1)\n"
                      "        return float(np.mean(predicted == split.y_val))\n"
                      "    means = [float(np.mean([val_accuracy(train_fn(setting, seed)) for seed in seeds]))\n"
                      "             for setting in settings]\n"
                      "    best = max(range(len(settings)), key=lambda i: means[i])  # first maximum\n"
                      "    return settings[best], means\n"),
        },
    },
    "numpy_softmax_float32": {
        "why": "a NumPy float32 softmax, returned as an array",
        "replace": _softmax("    z = np.asarray(logits, dtype=np.float32) / np.float32(temperature)\n"
                            "    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
                            "    return (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)\n"),
    },
    "softmax_logsumexp_float32": {
        "why": "exp(z / T - logsumexp(z / T)) in float32 instead of subtracting the row maximum",
        "replace": _softmax("    z = tf.cast(logits, tf.float32) / tf.cast(temperature, tf.float32)\n"
                            "    return tf.exp(z - tf.reduce_logsumexp(z, axis=-1, keepdims=True))\n"),
    },
    "teacher_targets_predict_numpy_float64": {
        "why": "teacher.predict (inference mode), a stable float64 NumPy softmax cast to float32",
        "replace": _targets("    logits = np.asarray(teacher.predict(x, verbose=0), np.float64)\n"
                            "    z = logits / temperature\n"
                            "    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
                            "    return (e / e.sum(axis=-1, keepdims=True)).astype(np.float32), logits.argmax(-1)\n"),
    },
    "choose_seeds_outer_loop": {
        "why": "seeds in the outer loop, accuracy via model.predict, mean with math.fsum, first maximum by hand",
        "replace": _choose("    import math\n"
                           "    per_setting = [[] for _ in settings]\n"
                           "    for seed in seeds:\n"
                           "        for i, setting in enumerate(settings):\n"
                           "            predicted = train_fn(setting, seed).predict(split.x_val, verbose=0).argmax(-1)\n"
                           "            per_setting[i].append(float(np.mean(predicted == split.y_val)))\n"
                           "    means = [math.fsum(a) / len(a) for a in per_setting]\n"
                           "    best = 0\n"
                           "    for i, m in enumerate(means):\n"
                           "        if m > means[best]:\n"
                           "            best = i\n"
                           "    return settings[best], means\n"),
    },
    "distiller_through_distillation_loss": {
        "why": "Distiller.compute_loss built on the learner's distillation_loss, losses summed with ops.sum",
        "replace": {"Distiller": (
            "class Distiller(keras.Model):\n"
            "    def __init__(self, teacher, student, temperature=4.0, alpha=0.5, **kwargs):\n"
            "        super().__init__(**kwargs)\n"
            "        teacher.trainable = False\n"
            "        self.teacher, self.student = teacher, student\n"
            "        self.temperature, self.alpha = temperature, alpha\n"
            "        self.ce_tracker = keras.metrics.Mean(name='student_loss')\n"
            "        self.kd_tracker = keras.metrics.Mean(name='distillation_loss')\n"
            "\n"
            "    def call(self, x, training=False):\n"
            "        return self.student(x, training=training)\n"
            "\n"
            "    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):\n"
            "        if sample_weight is not None:\n"
            "            raise ValueError('sample weights are not supported')\n"
            "        t = self.teacher(x, training=False)\n"
            "        self.ce_tracker.update_state(distillation_loss(y, t, y_pred, self.temperature, 1.0))\n"
            "        self.kd_tracker.update_state(soft_target_loss(t, y_pred, self.temperature))\n"
            "        total = distillation_loss(y, t, y_pred, self.temperature, self.alpha)\n"
            "        if self.losses:\n"
            "            total = total + ops.sum(self.losses)\n"
            "        return total\n")},
    },
    "view_with_keras_ops_and_tuple_check": {
        "why": "the view converted with keras.ops, labels returned as given",
        "replace": _view("    view = ops.convert_to_tensor(augment(x), dtype='float32')\n"
                         "    logits = teacher(view, training=False)\n"
                         "    return (view, (y, logits))\n"),
    },
}
