"""The Kubernetes manifest for a district (deploy/kubernetes/) is one a cluster
would accept, and runs the image as the Dockerfile and app/serve.py expect.

The schemas are the Kubernetes API's own, shipped inside the kubernetes-validate
package (a test dependency), so the check needs no cluster and no network. The
strict schemas refuse unknown fields, which is how a misspelt key gets caught.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from app import serve

ROOT = Path(__file__).resolve().parent.parent
MANIFEST_DIR = ROOT / "deploy" / "kubernetes"
# The oldest and newest Kubernetes the package has schemas for (autoscaling/v2
# is stable since 1.23, so both know every kind used here).
KUBERNETES_VERSIONS = ["1.25", "1.37"]


def _documents() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for path in sorted(MANIFEST_DIR.glob("*.yaml")):
        docs.extend(d for d in yaml.safe_load_all(path.read_text()) if d)
    return docs


def _by_kind(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    kinds = [d["kind"] for d in docs]
    assert len(kinds) == len(set(kinds)), f"one of each kind expected, got {kinds}"
    return {d["kind"]: d for d in docs}


def _container(deployment: dict[str, Any]) -> dict[str, Any]:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return container


def _validate(doc: dict[str, Any], version: str) -> None:
    kubernetes_validate.validate(doc, version, strict=True)


@pytest.fixture(scope="module")
def kinds() -> dict[str, dict[str, Any]]:
    return _by_kind(_documents())


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_document_matches_the_kubernetes_schema(version: str) -> None:
    docs = _documents()
    assert {d["kind"] for d in docs} == {"Deployment", "Service", "HorizontalPodAutoscaler"}
    for doc in docs:
        _validate(doc, version)


def _misspelt_field(kinds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    doc = copy.deepcopy(kinds["Deployment"])
    doc["spec"]["replica"] = doc["spec"].pop("replicas")
    return doc


def _port_as_words(kinds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    doc = copy.deepcopy(kinds["Deployment"])
    _container(doc)["ports"][0]["containerPort"] = "eight thousand and fifty"
    return doc


def _nameless_container(kinds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    doc = copy.deepcopy(kinds["Deployment"])
    del _container(doc)["name"]
    return doc


def _probe_in_wrong_place(kinds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    doc = copy.deepcopy(kinds["Deployment"])
    doc["spec"]["template"]["spec"]["readinessProbe"] = _container(doc).pop("readinessProbe")
    return doc


def _autoscaler_without_bounds(kinds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    doc = copy.deepcopy(kinds["HorizontalPodAutoscaler"])
    del doc["spec"]["maxReplicas"]
    return doc


def _unknown_api_version(kinds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    doc = copy.deepcopy(kinds["HorizontalPodAutoscaler"])
    doc["apiVersion"] = "autoscaling/v9"
    return doc


@pytest.mark.parametrize(
    "break_it",
    [
        _misspelt_field,
        _port_as_words,
        _nameless_container,
        _probe_in_wrong_place,
        _autoscaler_without_bounds,
        _unknown_api_version,
    ],
)
def test_a_broken_copy_is_refused(kinds: dict[str, dict[str, Any]], break_it: Any) -> None:
    broken = break_it(kinds)
    with pytest.raises(
        (kubernetes_validate.ValidationError, kubernetes_validate.SchemaNotFoundError)
    ):
        _validate(broken, KUBERNETES_VERSIONS[-1])


def test_the_service_and_autoscaler_point_at_the_deployment(
    kinds: dict[str, dict[str, Any]],
) -> None:
    deployment, service, hpa = (
        kinds["Deployment"],
        kinds["Service"],
        kinds["HorizontalPodAutoscaler"],
    )
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    assert service["spec"]["selector"].items() <= pod_labels.items()
    assert "sessionAffinity" not in service["spec"]  # any pod answers any request
    port_names = {p["name"] for p in _container(deployment)["ports"]}
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= port_names

    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert hpa["apiVersion"] == "autoscaling/v2"
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert metric["resource"]["target"]["type"] == "Utilization"
    assert 1 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]


def test_the_container_runs_the_server_as_the_image_does(
    kinds: dict[str, dict[str, Any]],
) -> None:
    deployment = kinds["Deployment"]
    container = _container(deployment)
    assert container["command"] == ["python3", "-m", "app"]
    env = {e["name"]: e["value"] for e in container["env"]}
    config = serve.resolve(env=env)  # the server would accept these settings
    assert config.host == "0.0.0.0"
    (port,) = container["ports"]
    assert config.port == port["containerPort"]
    for probe in ("readinessProbe", "livenessProbe"):
        check = container[probe]["httpGet"]
        assert check["path"] == "/health"
        assert check["port"] in (port["name"], port["containerPort"])
    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= container["resources"][kind].keys()


def test_it_runs_as_the_images_user_on_a_read_only_root(
    kinds: dict[str, dict[str, Any]],
) -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    user = re.search(r"^USER (\d+):(\d+)$", dockerfile, re.MULTILINE)
    home = re.search(r"\bHOME=(\S+)", dockerfile)
    assert user and home
    pod = kinds["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == int(user.group(1))
    assert pod["securityContext"]["runAsGroup"] == int(user.group(2))

    container = _container(kinds["Deployment"])
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    # What the server writes to (waitress's temporary files, HOME) is an emptyDir.
    empty_dirs = {v["name"] for v in pod["volumes"] if "emptyDir" in v}
    mounted = {m["mountPath"] for m in container["volumeMounts"] if m["name"] in empty_dirs}
    assert {"/tmp", home.group(1)} <= mounted
