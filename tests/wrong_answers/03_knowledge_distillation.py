"""Plausible wrong answers to the 03_knowledge_distillation exercises.

Each is the solution's answer cell with a small change ("replace": the whole cell, "edit": text
substitutions in the solution's cell); each must lose the points of the tests listed in must_lose.
"""

WRONG_ANSWERS = {
    # exp of the raw logits: NaN for large logits
    'softmax_overflows': {
        "replace": {
        'softmax_with_temperature': (
            'def softmax_with_temperature(logits, temperature):\n'
            '    """softmax(logits / temperature) over the last axis, stable for large logits.\n'
            '\n'
            '    logits: array-like (..., K); temperature: a positive number.\n'
            '    Returns a float32 tensor of the same shape whose last axis sums to 1.\n'
            '    """\n'
            '    z = ops.convert_to_tensor(logits, dtype="float32") / temperature\n'
            '    e = ops.exp(z)\n'
            '    return e / ops.sum(e, axis=-1, keepdims=True)\n'
        ),
        },
        "must_lose": [
            'test_softmax_with_temperature_hidden',
        ],
    },
    # probabilities fed as logits: softmax(softmax(z) / T)
    'softmax_temperature_on_probabilities': {
        "replace": {
        'softmax_with_temperature': (
            'def softmax_with_temperature(logits, temperature):\n'
            '    """softmax(logits / temperature) over the last axis, stable for large logits.\n'
            '\n'
            '    logits: array-like (..., K); temperature: a positive number.\n'
            '    Returns a float32 tensor of the same shape whose last axis sums to 1.\n'
            '    """\n'
            '    z = ops.softmax(ops.convert_to_tensor(logits, dtype="float32")) / temperature\n'
            '    z = z - ops.max(z, axis=-1, keepdims=True)  # largest entry becomes 0: exp cannot overflow\n'
            '    e = ops.exp(z)\n'
            '    return e / ops.sum(e, axis=-1, keepdims=True)\n'
        ),
        },
        "must_lose": [
            'test_softmax_with_temperature_visible',
            'test_softmax_with_temperature_hidden',
        ],
    },
    # soft-target loss without the T^2 factor
    'missing_t_squared': {
        "replace": {
        'soft_target_loss': (
            'def soft_target_loss(teacher_logits, student_logits, temperature):\n'
            '    """T^2 * mean over the batch of KL(softmax(teacher/T) || softmax(student/T)).\n'
            '\n'
            '    Both logits: (N, K). Returns a float32 scalar tensor.\n'
            '    """\n'
            '    T = float(temperature)\n'
            '    t = ops.convert_to_tensor(teacher_logits, dtype="float32") / T\n'
            '    s = ops.convert_to_tensor(student_logits, dtype="float32") / T\n'
            '    log_p = ops.log_softmax(t, axis=-1)                      # teacher, log-probabilities\n'
            '    log_q = ops.log_softmax(s, axis=-1)                      # student, log-probabilities\n'
            '    kl = ops.sum(ops.exp(log_p) * (log_p - log_q), axis=-1)  # one KL(p || q) per example\n'
            '    return ops.mean(kl)\n'
        ),
        },
        "must_lose": [
            'test_soft_target_loss_visible',
            'test_soft_target_loss_hidden',
            'test_soft_gradient_norm_visible',
            'test_soft_gradient_norm_hidden',
        ],
    },
    # KL(student || teacher) instead of KL(teacher || student)
    'kl_wrong_direction': {
        "replace": {
        'soft_target_loss': (
            'def soft_target_loss(teacher_logits, student_logits, temperature):\n'
            '    """T^2 * mean over the batch of KL(softmax(teacher/T) || softmax(student/T)).\n'
            '\n'
            '    Both logits: (N, K). Returns a float32 scalar tensor.\n'
            '    """\n'
            '    T = float(temperature)\n'
            '    t = ops.convert_to_tensor(teacher_logits, dtype="float32") / T\n'
            '    s = ops.convert_to_tensor(student_logits, dtype="float32") / T\n'
            '    log_p = ops.log_softmax(t, axis=-1)                      # teacher, log-probabilities\n'
            '    log_q = ops.log_softmax(s, axis=-1)                      # student, log-probabilities\n'
            '    kl = ops.sum(ops.exp(log_q) * (log_q - log_p), axis=-1)  # one KL(p || q) per example\n'
            '    return T ** 2 * ops.mean(kl)\n'
        ),
        },
        "must_lose": [
            'test_soft_target_loss_visible',
            'test_soft_target_loss_hidden',
        ],
    },
    # the loss softens probabilities instead of logits
    'probabilities_as_logits': {
        "replace": {
        'soft_target_loss': (
            'def soft_target_loss(teacher_logits, student_logits, temperature):\n'
            '    """T^2 * mean over the batch of KL(softmax(teacher/T) || softmax(student/T)).\n'
            '\n'
            '    Both logits: (N, K). Returns a float32 scalar tensor.\n'
            '    """\n'
            '    T = float(temperature)\n'
            '    t = ops.softmax(ops.convert_to_tensor(teacher_logits, dtype="float32")) / T\n'
            '    s = ops.softmax(ops.convert_to_tensor(student_logits, dtype="float32")) / T\n'
            '    log_p = ops.log_softmax(t, axis=-1)                      # teacher, log-probabilities\n'
            '    log_q = ops.log_softmax(s, axis=-1)                      # student, log-probabilities\n'
            '    kl = ops.sum(ops.exp(log_p) * (log_p - log_q), axis=-1)  # one KL(p || q) per example\n'
            '    return T ** 2 * ops.mean(kl)\n'
        ),
        },
        "must_lose": [
            'test_soft_target_loss_visible',
            'test_soft_target_loss_hidden',
            'test_distillation_loss_visible',
        ],
    },
    # KL summed over the batch instead of averaged
    'kl_summed_over_batch': {
        "replace": {
        'soft_target_loss': (
            'def soft_target_loss(teacher_logits, student_logits, temperature):\n'
            '    """T^2 * mean over the batch of KL(softmax(teacher/T) || softmax(student/T)).\n'
            '\n'
            '    Both logits: (N, K). Returns a float32 scalar tensor.\n'
            '    """\n'
            '    T = float(temperature)\n'
            '    t = ops.convert_to_tensor(teacher_logits, dtype="float32") / T\n'
            '    s = ops.convert_to_tensor(student_logits, dtype="float32") / T\n'
            '    log_p = ops.log_softmax(t, axis=-1)                      # teacher, log-probabilities\n'
            '    log_q = ops.log_softmax(s, axis=-1)                      # student, log-probabilities\n'
            '    kl = ops.sum(ops.exp(log_p) * (log_p - log_q), axis=-1)  # one KL(p || q) per example\n'
            '    return T ** 2 * ops.sum(kl)\n'
        ),
        },
        "must_lose": [
            'test_soft_target_loss_visible',
            'test_soft_target_loss_hidden',
        ],
    },
    # gradient taken with respect to the teacher's logits
    'gradient_wrt_teacher': {
        "replace": {
        'soft_gradient_norm': (
            'def soft_gradient_norm(teacher_logits, student_logits, temperature, t_squared=True):\n'
            '    """L2 norm of d(soft-target loss)/d(student_logits), as a Python float.\n'
            '\n'
            '    With t_squared=False the loss is KL alone (soft_target_loss / T^2).\n'
            '    """\n'
            '    s = tf.convert_to_tensor(teacher_logits, dtype=tf.float32)\n'
            '    with tf.GradientTape() as tape:\n'
            '        tape.watch(s)\n'
            '        loss = soft_target_loss(s, student_logits, temperature)\n'
            '        if not t_squared:\n'
            '            loss = loss / temperature ** 2\n'
            '    return float(tf.norm(tape.gradient(loss, s)))\n'
        ),
        },
        "must_lose": [
            'test_soft_gradient_norm_visible',
            'test_soft_gradient_norm_hidden',
        ],
    },
    # t_squared=False ignored
    'gradient_ignores_t_squared_flag': {
        "replace": {
        'soft_gradient_norm': (
            'def soft_gradient_norm(teacher_logits, student_logits, temperature, t_squared=True):\n'
            '    """L2 norm of d(soft-target loss)/d(student_logits), as a Python float.\n'
            '\n'
            '    With t_squared=False the loss is KL alone (soft_target_loss / T^2).\n'
            '    """\n'
            '    s = tf.convert_to_tensor(student_logits, dtype=tf.float32)\n'
            '    with tf.GradientTape() as tape:\n'
            '        tape.watch(s)  # a constant tensor is not watched automatically\n'
            '        loss = soft_target_loss(teacher_logits, s, temperature)\n'
            '    return float(tf.norm(tape.gradient(loss, s)))\n'
        ),
        },
        "must_lose": [
            'test_soft_gradient_norm_visible',
            'test_soft_gradient_norm_hidden',
        ],
    },
    # alpha weights the soft term instead of the hard labels
    'alpha_swapped': {
        "replace": {
        'distillation_loss': (
            'def distillation_loss(labels, teacher_logits, student_logits, temperature, alpha):\n'
            '    """alpha * CE(labels, student) + (1 - alpha) * soft_target_loss(teacher, student, T).\n'
            '\n'
            '    labels: int (N,); logits: (N, K). Returns a float32 scalar tensor.\n'
            '    """\n'
            '    hard = ops.mean(keras.losses.sparse_categorical_crossentropy(\n'
            '        labels, student_logits, from_logits=True))       # the hard-label term, at T = 1\n'
            '    soft = soft_target_loss(teacher_logits, student_logits, temperature)\n'
            '    return (1.0 - alpha) * hard + alpha * soft\n'
        ),
        },
        "must_lose": [
            'test_distillation_loss_visible',
            'test_distillation_loss_hidden',
        ],
    },
    # the hard-label cross-entropy computed on s / T
    'hard_loss_at_temperature': {
        "replace": {
        'distillation_loss': (
            'def distillation_loss(labels, teacher_logits, student_logits, temperature, alpha):\n'
            '    """alpha * CE(labels, student) + (1 - alpha) * soft_target_loss(teacher, student, T).\n'
            '\n'
            '    labels: int (N,); logits: (N, K). Returns a float32 scalar tensor.\n'
            '    """\n'
            '    hard = ops.mean(keras.losses.sparse_categorical_crossentropy(\n'
            '        labels, student_logits / temperature, from_logits=True))       # the hard-label term, at T = 1\n'
            '    soft = soft_target_loss(teacher_logits, student_logits, temperature)\n'
            '    return alpha * hard + (1.0 - alpha) * soft\n'
        ),
        },
        "must_lose": [
            'test_distillation_loss_hidden',
        ],
    },
    # teacher called in training mode for its targets
    'teacher_targets_training_mode': {
        "replace": {
        'teacher_targets': (
            'def teacher_targets(teacher, x, temperature):\n'
            '    """(soft, hard): softmax(teacher logits / T) as float32 (N, K) and argmax labels as int (N,).\n'
            '\n'
            '    Both NumPy arrays; the teacher runs in inference mode.\n'
            '    """\n'
            "    logits = teacher(x, training=True)  # inference mode: no dropout, batch norm's moving statistics\n"
            '    soft = np.asarray(softmax_with_temperature(logits, temperature), dtype=np.float32)\n'
            '    hard = np.argmax(np.asarray(logits), axis=-1).astype(np.int32)\n'
            '    return soft, hard\n'
        ),
        },
        "must_lose": [
            'test_teacher_targets_visible',
            'test_teacher_targets_hidden',
        ],
    },
    # Distiller calls the teacher in training mode
    'distiller_teacher_training_mode': {
        "edit": {'Distiller': [("self.teacher(x, training=False)", "self.teacher(x, training=True)")]},
        "must_lose": ['test_Distiller_hidden'],
    },
    # Distiller does not freeze the teacher
    'distiller_teacher_trainable': {
        "edit": {'Distiller': [("self.teacher.trainable = False", "pass")]},
        "must_lose": ['test_Distiller_visible'],
    },
    # the copied answer: teacher outputs computed, loss is plain cross-entropy
    'distiller_ignores_teacher': {
        "edit": {'Distiller': [("return self.alpha * student_loss + (1.0 - self.alpha) * soft_loss",
                                "return student_loss")]},
        "must_lose": ['test_Distiller_hidden'],
    },
    # Distiller feeds the student's softmax probabilities as logits
    'distiller_probabilities_as_logits': {
        "edit": {'Distiller': [("soft_target_loss(teacher_logits, y_pred,",
                                "soft_target_loss(teacher_logits, ops.softmax(y_pred),")]},
        "must_lose": ['test_Distiller_hidden'],
    },
}
