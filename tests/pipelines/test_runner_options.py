"""Runner options: what a Dataflow or Flink launch would submit, checked without submitting.

The option tests call :func:`pipeline_options` the way ``babelshard run`` does.
The pipeline tests build the real translate job (table translator, bundled
sample corpus) and inspect the portable pipeline proto that the runner would
send: which transforms carry the accelerator hint, which environment and
container image the workers get. The Dataflow test runs Beam's own
``DataflowRunner`` in ``--dry_run`` mode, which builds the job and stops short
of the API call (skipped without ``apache-beam[gcp]``).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
import re
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import (
    DebugOptions,
    GoogleCloudOptions,
    PipelineOptions,
    StandardOptions,
    TypeOptions,
    WorkerOptions,
)
from apache_beam.portability import common_urns
from apache_beam.portability.api import beam_runner_api_pb2
from apache_beam.runners.portability.portable_runner import PortableRunner
from human_table import HUMAN

from babelshard.pipelines.options import ConfigError, RunConfig, prepare_translator
from babelshard.pipelines.runners import (
    ACCELERATOR_URN,
    WORKER_ACCELERATOR,
    ViewsOnce,
    local_by_default,
    parse_gpu,
    pipeline_options,
    runner_kind,
    workers_are_remote,
)
from babelshard.pipelines.translate import build_translate_pipeline
from babelshard.translators.model_store import local_fingerprint

IMAGE = "us-docker.pkg.dev/babelshard-test/workers/babelshard-worker:gpu"
T4 = "type:nvidia-tesla-t4;count:1;install-nvidia-driver"
DATAFLOW = [
    "--runner=DataflowRunner",
    "--project=babelshard-test",
    "--region=us-central1",
    "--temp_location=gs://babelshard-test/tmp",
    "--staging_location=gs://babelshard-test/staging",
    f"--sdk_container_image={IMAGE}",
]
# Offline: no credential lookup, no bucket checks, no job submission.
DRY_RUN = ["--dry_run=True", "--no_auth"]
FLINK = [
    "--runner=PortableRunner",
    "--job_endpoint=localhost:8099",
    "--environment_type=EXTERNAL",
    "--environment_config=localhost:50000",
]


def cloud_config(**overrides) -> RunConfig:
    values = {
        "input": "gs://babelshard-test/coco/captions.json",
        "format": "coco",
        "output": "gs://babelshard-test/out",
        "image_root": "gs://babelshard-test/images",
        "langs": "deu_Latn,fra_Latn",
        "model": f"table:{HUMAN}",
    }
    return RunConfig(**{**values, **overrides})


def launch(args: list[str], **overrides) -> tuple:
    config = cloud_config(**overrides)
    options, hints = pipeline_options(config, args)
    return options, hints, config


# -- options ----------------------------------------------------------------------------


def test_parse_gpu():
    assert parse_gpu("nvidia-tesla-t4") == ("nvidia-tesla-t4", 1)
    assert parse_gpu("nvidia-l4:1") == ("nvidia-l4", 1)
    for bad in ("tesla-t4", "nvidia-l4:x", "nvidia-l4:0", "NVIDIA-L4"):
        with pytest.raises(ConfigError, match="--gpu"):
            parse_gpu(bad)
    with pytest.raises(ConfigError, match="sit idle"):
        parse_gpu("nvidia-tesla-t4:2")


def test_runner_kind_normalises_names():
    from apache_beam.options.pipeline_options import PipelineOptions

    kinds = {
        "DataflowRunner": "dataflow",
        "apache_beam.runners.dataflow.dataflow_runner.DataflowRunner": "dataflow",
        "dataflow": "dataflow",
        "FlinkRunner": "flink",
        "PortableRunner": "portable",
    }
    for runner, kind in kinds.items():
        assert runner_kind(PipelineOptions([f"--runner={runner}"])) == kind
    assert runner_kind(PipelineOptions([])) == "direct"


def test_translate_scope_puts_the_gpu_on_the_translate_stages_only():
    options, hints, config = launch([*DATAFLOW, "--gpu", "nvidia-tesla-t4"])
    assert hints == {"accelerator": T4}
    assert not options.view_as(GoogleCloudOptions).dataflow_service_options
    assert "use_runner_v2" in options.view_as(DebugOptions).experiments
    # One model per machine, shared by the SDK processes, in the GPU's fast precision.
    assert (config.device, config.compute_type) == ("cuda", "int8_float16")


def test_job_scope_sets_worker_accelerator_and_machine_type():
    options, hints, config = launch(
        [*DATAFLOW, "--gpu=nvidia-l4", "--gpu-scope=job", "--gpu-machine-type=g2-standard-8"]
    )
    assert hints == {}
    assert options.view_as(GoogleCloudOptions).dataflow_service_options == [
        f"{WORKER_ACCELERATOR}=type:nvidia-l4;count:1;install-nvidia-driver"
    ]
    assert options.view_as(WorkerOptions).machine_type == "g2-standard-8"
    assert config.device == "cuda"


def test_machine_type_goes_into_the_hint_for_the_translate_scope():
    _, hints, _ = launch([*DATAFLOW, "--gpu=nvidia-l4", "--gpu_machine_type=g2-standard-4"])
    assert hints == {
        "accelerator": "type:nvidia-l4;count:1;machine_type:g2-standard-4;install-nvidia-driver"
    }


def test_worker_accelerator_given_directly_is_detected():
    service = f"--dataflow_service_options={WORKER_ACCELERATOR}={T4}"
    options, hints, config = launch([*DATAFLOW, service])
    assert hints == {}
    assert config.device == "cuda"
    assert options.view_as(GoogleCloudOptions).dataflow_service_options == [
        f"{WORKER_ACCELERATOR}={T4}"
    ]


def test_job_wide_and_per_stage_gpus_are_refused_together():
    service = f"--dataflow_service_options={WORKER_ACCELERATOR}={T4}"
    with pytest.raises(ConfigError, match="cannot be combined"):
        launch([*DATAFLOW, service, "--gpu=nvidia-tesla-t4", "--gpu_scope=translate"])
    with pytest.raises(ConfigError, match="cannot be combined"):
        launch([*DATAFLOW, service, f"--resource_hints=accelerator={T4}"])
    with pytest.raises(ConfigError, match="given twice"):
        launch([*DATAFLOW, service, "--gpu=nvidia-tesla-t4", "--gpu_scope=job"])


@pytest.mark.parametrize(
    ("args", "overrides", "message"),
    [
        ([*DATAFLOW[:-1], "--gpu=nvidia-tesla-t4"], {}, "--sdk_container_image"),
        (
            [*DATAFLOW, f"--dataflow_service_options={WORKER_ACCELERATOR}=type:nvidia-tesla-t4"],
            {},
            "install-nvidia-driver",
        ),
        ([*DATAFLOW, "--gpu=nvidia-tesla-t4", "--streaming"], {}, "batch only"),
        ([*DATAFLOW, "--gpu=nvidia-l4"], {}, "g2 machines"),
        ([*DATAFLOW, "--gpu=nvidia-l4", "--gpu_machine_type=n1-standard-8"], {}, "not n1"),
        ([*DATAFLOW, "--gpu=nvidia-tesla-t4", "--gpu_machine_type=g2-standard-8"], {}, "n1"),
        ([*DATAFLOW, "--gpu=nvidia-tesla-t4"], {"device": "cpu"}, "--device is cpu"),
        (DATAFLOW, {"device": "cuda"}, "needs GPU workers"),
        ([*DATAFLOW, "--experiments=disable_runner_v2"], {}, "Runner v2"),
        (DATAFLOW, {"input": "/data/captions.json"}, "--input /data/captions.json is a local"),
        (DATAFLOW, {"output": "out"}, "--output out is a local path"),
        ([*FLINK, "--gpu=nvidia-tesla-t4"], {}, "--device cuda"),
        (FLINK[:-1], {}, "--environment_config"),
        (FLINK[:2], {}, "lacks babelshard"),
        (["--runner=FlinkRunner", "--flink_master=localhost:8081"], {}, "lacks babelshard"),
    ],
)
def test_configuration_mistakes_fail_before_submission(args, overrides, message):
    with pytest.raises(ConfigError, match=message):
        launch(args, **overrides)


def test_local_runs_keep_the_config_as_is():
    for args in ([], ["--runner=FlinkRunner"], [*FLINK[:2], "--environment_type=LOOPBACK"]):
        options, hints, config = launch(args)
        assert hints == {}
        assert (config.device, config.compute_type) == ("auto", "auto")
    options, _, _ = launch(
        [*FLINK[:2], "--environment_type=DOCKER", f"--environment_config={IMAGE}"]
    )
    assert options.view_as(WorkerOptions).sdk_container_image is None


# -- the pipeline a runner would receive ---------------------------------------------------


def built(args: list[str], corpus: Path) -> tuple[beam.Pipeline, RunConfig]:
    """Launch-time options from ``args``, then the translate job on the sample corpus, not run.

    The options are checked against a ``gs://`` config, as on Dataflow; the
    pipeline reads the local sample corpus (the readers list their input files
    while the pipeline is built) and names a local output, so building needs no
    cloud file system.
    """
    options, hints, config = launch(args)
    local = dataclasses.replace(
        config,
        input=str(corpus / "coco" / "captions_sample.json"),
        image_root=str(corpus / "images"),
        output=str(corpus / "out"),
    )
    pipeline = beam.Pipeline(options=options)
    build_translate_pipeline(pipeline, local, local.translator_config(), hints)
    return pipeline, config


def accelerated_transforms(proto: beam_runner_api_pb2.Pipeline) -> dict[str, bytes]:
    """unique name -> accelerator hint, for every transform whose environment has one."""
    environments = proto.components.environments
    found = {}
    for transform in proto.components.transforms.values():
        env = environments.get(transform.environment_id) if transform.environment_id else None
        if env is not None and ACCELERATOR_URN in env.resource_hints:
            found[transform.unique_name] = env.resource_hints[ACCELERATOR_URN]
    return found


def stage_names(transforms: dict[str, bytes]) -> set[str]:
    """The stages these transforms belong to (those of ``TranslatePieces`` by their own name)."""
    return {re.sub(r"^Translate(Split)?Pieces/", "", name).split("/")[0] for name in transforms}


def test_translate_stages_carry_the_accelerator_and_nothing_else_does(sample_corpus):
    pipeline, _ = built([*DATAFLOW, *DRY_RUN, "--gpu=nvidia-tesla-t4"], sample_corpus)
    proto = pipeline.to_runner_api()
    hinted = accelerated_transforms(proto)
    stages = stage_names(hinted)
    assert stages == {"Translate", "RoundTrip"}
    assert set(hinted.values()) == {T4.encode()}
    others = [t.unique_name for t in proto.components.transforms.values() if t.environment_id]
    assert any(name.startswith(("Read/", "Filter", "Write/")) for name in others)


def test_flink_worker_pool_environment(sample_corpus):
    pipeline, config = built(FLINK, sample_corpus)
    proto = PortableRunner.get_proto_pipeline(pipeline, pipeline.options)
    used = {t.environment_id for t in proto.components.transforms.values() if t.environment_id}
    assert used
    for env_id in used:
        env = proto.components.environments[env_id]
        assert env.urn == common_urns.environments.EXTERNAL.urn
        payload = beam_runner_api_pb2.ExternalPayload.FromString(env.payload)
        assert payload.endpoint.url == "localhost:50000"
        assert ACCELERATOR_URN not in env.resource_hints
    assert config.device == "auto"


def dataflow_dry_run(args: list[str], corpus: Path) -> tuple:
    """What ``DataflowRunner`` would submit (dry run): the job and its Dataflow environment."""
    pytest.importorskip("apitools", reason="the Dataflow runner needs apache-beam[gcp]")
    from apache_beam.runners.dataflow.internal import apiclient

    pipeline, _ = built([*DATAFLOW, *DRY_RUN, *args], corpus)
    job = pipeline.run().job
    environment = apiclient.Environment(
        packages=[],
        options=job.options,
        environment_version="8",
        proto_pipeline_staged_url="gs://babelshard-test/staging/pipeline.pb",
        proto_pipeline=job.proto_pipeline,
    ).proto
    return job, environment


@pytest.fixture(scope="module")
def translate_scope_job(sample_corpus):
    return dataflow_dry_run(["--gpu=nvidia-tesla-t4"], sample_corpus)


def test_dataflow_job_uses_the_worker_image_and_runner_v2(translate_scope_job):
    job, environment = translate_scope_job
    envs = job.proto_pipeline.components.environments
    docker = [env for env in envs.values() if env.urn == common_urns.environments.DOCKER.urn]
    assert docker and len(docker) == len(envs)
    for env in docker:
        image = beam_runner_api_pb2.DockerPayload.FromString(env.payload).container_image
        assert image == IMAGE
    (pool,) = environment.worker_pools
    assert {image.container_image for image in pool.sdk_harness_container_images} == {IMAGE}
    assert "use_runner_v2" in environment.experiments


def test_dataflow_job_right_fits_only_the_translate_stages(translate_scope_job):
    job, environment = translate_scope_job
    hinted = accelerated_transforms(job.proto_pipeline)
    assert stage_names(hinted) == {"Translate", "RoundTrip"}
    assert set(hinted.values()) == {T4.encode()}
    assert not any(o.startswith(WORKER_ACCELERATOR) for o in environment.service_options)


def test_dataflow_job_scope_asks_every_worker_for_the_gpu(sample_corpus):
    job, environment = dataflow_dry_run(
        ["--gpu=nvidia-tesla-t4", "--gpu_scope=job", "--gpu_machine_type=n1-standard-8"],
        sample_corpus,
    )
    assert list(environment.service_options) == [f"{WORKER_ACCELERATOR}={T4}"]
    assert accelerated_transforms(job.proto_pipeline) == {}
    (pool,) = environment.worker_pools
    assert pool.machine_type == "n1-standard-8"
    assert "use_runner_v2" in environment.experiments


# -- where the workers find the model -------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "remote"),
    [
        ([], False),
        (["--runner=DirectRunner"], False),
        (DATAFLOW, True),
        (FLINK, True),
        (["--runner=PortableRunner", "--environment_type=LOOPBACK"], False),
        (["--runner=FlinkRunner", "--flink_master=[local]"], False),
        (["--runner=FlinkRunner", "--flink_master=flink:8081", *FLINK[2:]], True),
    ],
)
def test_which_runners_have_remote_workers(args, remote):
    assert workers_are_remote(PipelineOptions(args)) is remote


def bucket_of(model_dir: Path, root: Path) -> str:
    """A ``file://`` "bucket" holding a copy of ``model_dir`` (a path the launcher never names)."""
    import shutil

    bucket = root / "bucket" / "models" / "tiny-int8"
    shutil.copytree(model_dir, bucket)
    return bucket.as_uri()


def test_a_launcher_local_model_is_refused_for_remote_workers(tiny_model):
    config = cloud_config(model=str(tiny_model))
    with pytest.raises(ConfigError, match="--model-in-image") as error:
        prepare_translator(config, remote_workers=True)
    assert "gs://" in str(error.value)
    table = cloud_config()  # table:PATH is a launcher-local file too
    with pytest.raises(ConfigError, match="--model-in-image"):
        prepare_translator(table, remote_workers=True)


def test_a_model_declared_in_the_image_keeps_its_path(tiny_model, tmp_path):
    baked = cloud_config(model="/opt/babelshard/model", model_in_image=True)
    assert prepare_translator(baked, remote_workers=True).model == "/opt/babelshard/model"
    present = cloud_config(model=str(tiny_model), model_in_image=True)
    prepared = prepare_translator(present, remote_workers=True)
    assert prepared.model == str(tiny_model)
    assert prepared.fingerprint == local_fingerprint(tiny_model)


def test_a_bucket_model_is_checked_and_fingerprinted_without_copying_weights(
    tiny_model, tmp_path, monkeypatch
):
    monkeypatch.setenv("BABELSHARD_CACHE", str(tmp_path / "launcher-cache"))
    uri = bucket_of(tiny_model, tmp_path)
    prepared = prepare_translator(cloud_config(model=uri), remote_workers=True)
    assert prepared.model == uri  # the workers copy it, not the launcher
    assert prepared.fingerprint == local_fingerprint(tiny_model)
    assert not (tmp_path / "launcher-cache").exists()


def test_a_bucket_model_lacking_a_language_or_a_file_is_refused(tiny_model, tmp_path):
    uri = bucket_of(tiny_model, tmp_path)
    vocabulary = Path(uri.removeprefix("file://")) / "shared_vocabulary.json"
    tokens = [token for token in json.loads(vocabulary.read_text()) if token != "fra_Latn"]
    vocabulary.write_text(json.dumps(tokens))
    with pytest.raises(ConfigError, match="no language token for fra_Latn"):
        prepare_translator(cloud_config(model=uri), remote_workers=True)
    (Path(uri.removeprefix("file://")) / "tokenizer.json").unlink()
    with pytest.raises(ConfigError, match=r"lacks tokenizer\.json"):
        prepare_translator(cloud_config(model=uri), remote_workers=True)
    with pytest.raises(ConfigError, match="no files there"):
        prepare_translator(cloud_config(model=f"{uri}-nowhere"), remote_workers=True)


def test_a_hub_name_stays_a_name_for_remote_workers(monkeypatch):
    def no_download(*args, **kwargs):
        raise AssertionError("the launcher must not fetch the model for remote workers")

    monkeypatch.setattr("babelshard.translators.factory.resolve_model", no_download)
    config = cloud_config(model="facebook/nllb-200-distilled-600M")
    assert prepare_translator(config, remote_workers=True).model == config.model


def test_each_options_view_is_made_once_and_reads_and_writes_the_options():
    """Beam asks for a view at every transform; one per class behaves as a new one each time."""
    options = local_by_default(["--experiments=a"])
    assert isinstance(options, ViewsOnce)
    view = options.view_as(DebugOptions)
    assert options.view_as(DebugOptions) is view and view.experiments == ["a"]
    view.add_experiment("b")
    options.view_as(StandardOptions).runner = "DirectRunner"
    assert options.view_as(DebugOptions).experiments == ["a", "b"]
    assert options.get_all_options()["runner"] == "DirectRunner"
    for copied in (copy.deepcopy(options), pickle.loads(pickle.dumps(options))):
        assert "_views" not in copied.__getstate__()
        assert copied.view_as(DebugOptions).experiments == ["a", "b"]
        assert copied.view_as(TypeOptions) is copied.view_as(TypeOptions)
        copied.view_as(DebugOptions).add_experiment("c")  # its own options, not the original's
    assert options.view_as(DebugOptions).experiments == ["a", "b"]
