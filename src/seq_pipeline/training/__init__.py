"""The Keras training engine, with no Kedro in it.

`fit` trains one architecture on `inputs` (arrays, shards or `tf.data` batches) under a
`schedule` with the `callbacks` it needs; `selection` and `auto` choose an architecture on
training folds; `distribute` places the fit on a `tf.distribute` strategy for the
workers `cluster` reads from `TF_CONFIG`; `card` describes
the result; `predict` scores sequences with a trained model; `tf_logging` keeps
TensorFlow's start-up notices off the console.
"""
